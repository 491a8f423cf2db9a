// Find in session: the searchable text of each row (what the row shows, or shows once expanded:
// prompts and replies, thinking, a tool's name, input and output, a permission's tool and input,
// errors), lowercased for a case-insensitive search. The list is virtualized, so the browser's own
// find sees only the rows on screen; this searches them all. A row's text is built once per row
// object (a row that changes is a new object), so searching 10,000 rows again is one pass of
// `includes`.
import type { DisplayRow } from "../pending";
import { outputText } from "../format";

/** A huge tool output is searched up to this many characters (the viewer renders no more either). */
export const MAX_ROW_TEXT = 200_000;

const cache = new WeakMap<DisplayRow, string>();

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** A value's JSON text and, after it, its strings unescaped (so text with quotes or line breaks is found). */
function valueText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  const strings: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (typeof node === "string") strings.push(node);
    else if (depth < 8 && Array.isArray(node)) for (const item of node) walk(item, depth + 1);
    else if (depth < 8 && typeof node === "object" && node !== null)
      for (const [key, item] of Object.entries(node)) {
        strings.push(key);
        walk(item, depth + 1);
      }
  };
  walk(value, 0);
  return `${jsonText(value)}\n${strings.join("\n")}`;
}

function parts(row: DisplayRow): (string | null | undefined)[] {
  switch (row.kind) {
    case "init":
      return [row.agent, row.agentVersion, row.model, row.cwd];
    case "user":
      return [row.user?.name, row.text];
    case "queued":
      return [row.user?.name, row.text];
    case "pending":
      return [row.prompt.user.name, row.prompt.text];
    case "assistant":
      return [row.text];
    case "thinking":
      return [row.summary, row.text];
    case "tool":
      return [
        row.call?.server,
        row.call?.tool,
        row.call?.originalTool,
        valueText(row.call?.input),
        row.result ? outputText(row.result.output) : null,
        row.result?.errorCode,
      ];
    case "permission":
      return [row.request?.tool, valueText(row.request?.input), row.response?.user?.name, row.response?.message];
    case "aborted":
      return [row.reason];
    case "compaction":
      return [row.summary];
    case "error":
      return [row.code, row.message];
    case "turn":
    case "end":
      return [];
    case "unknown":
      return [row.type];
  }
}

/** The row's searchable text, lowercased; cached per row object. */
export function rowSearchText(row: DisplayRow): string {
  const cached = cache.get(row);
  if (cached !== undefined) return cached;
  const text = parts(row)
    .filter((part) => typeof part === "string" && part !== "")
    .join("\n")
    .slice(0, MAX_ROW_TEXT)
    .toLowerCase();
  cache.set(row, text);
  return text;
}

/** What is searched for: the query without surrounding blanks, lowercased ("" finds nothing). */
export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase();
}

/** The indexes of the rows whose text contains `query` (case-insensitive), in row order. */
export function findRows(rows: readonly DisplayRow[], query: string): number[] {
  const needle = normalizeQuery(query);
  if (needle === "") return [];
  const found: number[] = [];
  rows.forEach((row, index) => {
    if (rowSearchText(row).includes(needle)) found.push(index);
  });
  return found;
}
