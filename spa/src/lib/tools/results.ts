// Search results read out of tool output text: file paths (one a line, as Glob and `find` print
// them), content matches ("path:line:text" as grep -n and ripgrep print them, grouped by file) and
// web results (a list of {title, url}, Claude Code's "Links: [...]" line, markdown links or bare
// URLs). Links keep only http and https targets.
import { isRecord } from "../check";
import { safeHref } from "../markdown";

/** Lines that are summaries, not results ("Found 3 files", "No files found"). */
const NOT_A_RESULT = /^(?:Found \d+ (?:files?|matches?|lines?)|No (?:files|matches) found|\(?Results are truncated.*)\.?$/i;

export function resultLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "" && !NOT_A_RESULT.test(line.trim()));
}

export interface ContentMatch {
  line: number | null;
  text: string;
  /** A context line (ripgrep's "path-12-text"), not a match. */
  context: boolean;
}

export interface MatchGroup {
  path: string;
  matches: ContentMatch[];
}

const MATCH_LINE = /^(.+?):(\d+):(.*)$/;
const CONTEXT_LINE = /^(.+?)-(\d+)-(.*)$/;

/** Content-search output as matches grouped by file; null when most lines are not "path:line:text". */
export function contentMatches(text: string): MatchGroup[] | null {
  const lines = resultLines(text).filter((line) => line !== "--");
  const groups: MatchGroup[] = [];
  let parsed = 0;
  for (const line of lines) {
    const match = MATCH_LINE.exec(line);
    const context = match ? null : CONTEXT_LINE.exec(line);
    const hit = match ?? context;
    if (!hit) continue;
    const [, path = "", no = "", body = ""] = hit;
    // A context line's path must be one already seen: "a-1-b" is otherwise just text with dashes.
    if (context && groups.at(-1)?.path !== path) continue;
    parsed += 1;
    let group = groups.at(-1);
    if (group?.path !== path) {
      group = { path, matches: [] };
      groups.push(group);
    }
    group.matches.push({ line: Number(no), text: body, context: context !== null });
  }
  return lines.length > 0 && parsed >= lines.length * 0.6 ? groups : null;
}

export interface WebResult {
  title: string;
  url: string;
  snippet?: string;
}

function fromRecords(items: readonly unknown[]): WebResult[] {
  const results: WebResult[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const raw = item.url ?? item.link ?? item.href;
    const url = typeof raw === "string" ? safeHref(raw) : null;
    if (url === null || !/^https?:/.test(url)) continue;
    const title = typeof item.title === "string" && item.title.trim() !== "" ? item.title : url;
    const snippet = item.snippet ?? item.description ?? item.content;
    results.push(typeof snippet === "string" && snippet !== "" ? { title, url, snippet } : { title, url });
  }
  return results;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Web search results in an output (structured or text); [] when none are found. */
export function webResults(output: unknown, text: string): WebResult[] {
  if (Array.isArray(output)) return fromRecords(output);
  if (isRecord(output) && Array.isArray(output.results)) return fromRecords(output.results);
  const links = /^Links: (\[.*\])$/m.exec(text);
  const listed = links?.[1] === undefined ? undefined : parseJson(links[1]);
  if (Array.isArray(listed)) return fromRecords(listed);
  const markdown = [...text.matchAll(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g)].map((match) => ({ title: match[1], url: match[2] }));
  if (markdown.length > 0) return fromRecords(markdown);
  // A bare URL ends before the punctuation of the sentence around it.
  const bare = (text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? []).map((url) => url.replace(/[.,;:!?]+$/, ""));
  return fromRecords([...new Set(bare)].map((url) => ({ url })));
}
