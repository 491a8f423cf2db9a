// The "Download → Markdown" document, built from the view model: a title with the agent, model and
// start time, then each turn's prompt, the agent's messages (already markdown), tool calls as a
// short line with fenced input and output (long outputs cut in the middle, with a note), thinking
// summaries, permission requests, turn usage, errors and session markers. Pure: the same rows give
// the same text.
import { formatJson, outputText, turnFacts } from "../format";
import { toolSummary } from "../tools/summary";
import type { Row, SessionMeta } from "../rows";

/** Outputs longer than this many lines keep their first and last half of it, with a note between. */
export const MAX_OUTPUT_LINES = 200;

export interface MarkdownSource {
  rows: readonly Row[];
  meta: SessionMeta;
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
function fenced(text: string, language = ""): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** At most MAX_OUTPUT_LINES lines: the head and the tail, with how many lines were left out. */
export function cutLines(text: string, max = MAX_OUTPUT_LINES): string {
  const lines = text.split("\n");
  if (lines.length <= max) return text;
  const head = Math.ceil(max / 2);
  const tail = max - head;
  return [...lines.slice(0, head), `… ${lines.length - max} lines cut …`, ...lines.slice(lines.length - tail)].join("\n");
}

function inline(text: string): string {
  return text.replace(/\s+/g, " ").trim().replaceAll("`", "'");
}

function usageLine(row: Extract<Row, { kind: "turn" }>, number: number): string {
  const parts = [row.success ? `Turn ${number} complete` : `Turn ${number} failed`, ...turnFacts(row)];
  return `_${parts.join(" · ")}_`;
}

function toolBlock(row: Extract<Row, { kind: "tool" }>): string {
  const { call, result } = row;
  const name = call ? `${call.server ? `${call.server}/` : ""}${call.tool}` : "tool";
  const summary = call ? toolSummary(call) : "";
  const status = result === null ? " (no result)" : result.isError ? " (failed)" : "";
  const blocks = [`**Tool** \`${inline(name)}\`${summary ? `: ${inline(summary)}` : ""}${status}`];
  if (call && call.input !== undefined && call.input !== null)
    blocks.push(`Input:\n\n${fenced(formatJson(call.input), typeof call.input === "string" ? "" : "json")}`);
  if (result) {
    const text = outputText(result.output);
    const label = result.isError ? `Error${result.errorCode ? ` (${result.errorCode})` : ""}` : "Output";
    const exit = result.exitCode !== undefined ? `, exit code ${result.exitCode}` : "";
    blocks.push(text === "" ? `${label}${exit}: (empty)` : `${label}${exit}:\n\n${fenced(cutLines(text))}`);
  }
  return blocks.join("\n\n");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

const DECISION: Record<string, string> = { allow: "allowed", allow_session: "allowed for the session", deny: "denied", cancel: "cancelled" };

export function sessionMarkdown({ rows, meta }: MarkdownSource): string {
  const agent = meta.agent ?? "Agent";
  const facts = [
    meta.model ? `- Model: ${meta.model}` : null,
    meta.startedAt !== null ? `- Started: ${new Date(meta.startedAt).toISOString()}` : null,
    meta.cwd ? `- Directory: ${meta.cwd}` : null,
    meta.sessionId ? `- Session: ${meta.sessionId}` : null,
  ].filter((line) => line !== null);
  const blocks: string[] = [`# ${meta.agent ?? "Session"}${meta.model ? ` (${meta.model})` : ""}`];
  if (facts.length > 0) blocks.push(facts.join("\n"));
  let turn = 0;
  for (const row of rows) {
    switch (row.kind) {
      case "user":
        turn += 1;
        blocks.push(`## Turn ${turn}`);
        blocks.push(row.text.includes("\n") ? `**${row.user?.name ?? "User"}**:\n\n${row.text}` : `**${row.user?.name ?? "User"}**: ${row.text}`);
        break;
      case "assistant":
        if (row.text.trim() !== "") blocks.push(row.lead ? `**${agent}**:\n\n${row.text}` : row.text);
        break;
      case "thinking":
        blocks.push(quote(`_Thinking:_ ${row.summary}`));
        break;
      case "tool":
        blocks.push(toolBlock(row));
        break;
      case "permission": {
        const tool = row.request?.tool ?? "tool";
        const answer = row.response
          ? `${DECISION[row.response.decision] ?? row.response.decision}${row.response.user ? ` by ${row.response.user.name}` : ""}`
          : "no answer";
        const input = row.request && row.request.input !== undefined ? `\n\n${fenced(formatJson(row.request.input), "json")}` : "";
        blocks.push(`**Permission** to use \`${inline(tool)}\`: ${answer}${row.response?.message ? ` (${row.response.message})` : ""}${input}`);
        break;
      }
      case "turn":
        blocks.push(usageLine(row, Math.max(turn, 1)));
        break;
      case "aborted":
        blocks.push(`_Turn aborted: ${row.reason}_`);
        break;
      case "compaction":
        blocks.push(row.summary ? `_Context compacted._\n\n${quote(row.summary)}` : "_Context compacted._");
        break;
      case "error":
        blocks.push(quote(`**Error**${row.code ? ` (${row.code})` : ""}: ${row.message}`));
        break;
      case "end":
        blocks.push(`_Session ended${row.reason ? ` (${row.reason})` : ""}._`);
        break;
      case "init":
      case "queued":
      case "unknown":
        break;
    }
  }
  return `${blocks.join("\n\n")}\n`;
}
