// The one-line summary in a collapsed tool row (and a permission request's): the command, the
// path, the pattern, the query or the URL, read from the call's canonical input; other tools fall
// back to the generic field pick of format.ts. Part of the first load, so kept small.
import { summarizeInput } from "../format";
import { type CallLike, readToolInput, type ToolInput } from "./input";

const SUMMARY_CHARS = 120;

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The files a patch text touches, in order: apply_patch's "*** Update File:" lines, else a unified diff's "+++ b/" ones. */
export function patchPaths(patch: string): string[] {
  const envelope = [...patch.matchAll(/^\*\*\* (?:Update|Add|Delete) File: (.+)$/gm)].map((match) => match[1]?.trim() ?? "");
  if (envelope.length > 0) return envelope;
  return [...patch.matchAll(/^\+\+\+ (?:b\/)?(.+?)(?:\t.*)?$/gm)].map((match) => match[1]?.trim() ?? "").filter((path) => path !== "/dev/null");
}

function lineRange(offset: number | undefined, limit: number | undefined): string {
  if (offset === undefined && limit === undefined) return "";
  const first = offset ?? 1;
  return limit === undefined ? `:${first}` : `:${first}-${first + limit - 1}`;
}

function describe(input: ToolInput): string {
  switch (input.kind) {
    case "terminal":
      return input.command;
    case "file_read":
      return input.path === undefined ? (input.command ?? "") : `${input.path}${lineRange(input.offset, input.limit)}`;
    case "file_edit":
      return `${input.path ?? ""}${input.edits.length > 1 ? ` (${input.edits.length} edits)` : ""}`;
    case "file_patch": {
      const paths = patchPaths(input.patch);
      return paths.length > 0 ? paths.join(", ") : (input.path ?? "");
    }
    case "file_write":
      return input.path;
    case "file_search":
    case "content_search":
      return input.pattern === undefined ? (input.command ?? "") : `${input.pattern}${input.path ? ` in ${input.path}` : ""}`;
    case "web_search":
      return input.query;
    case "web_fetch":
      return input.url;
    case "sub_agent":
      return input.description ?? input.prompt ?? "";
  }
}

/** A one-line description of a call, at most `max` characters; "" when there is nothing telling. */
export function toolSummary(call: CallLike, max = SUMMARY_CHARS): string {
  const input = readToolInput(call);
  const told = input === null ? "" : describe(input);
  return told.trim() === "" ? summarizeInput(call.tool, call.input, max) : oneLine(told, max);
}
