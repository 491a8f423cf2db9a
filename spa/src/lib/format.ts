// Display helpers: one-line tool input summaries, tool output as text, truncation, and number,
// money, duration and time formatting.
import { isRecord } from "./check";

/** Input fields that best describe a call, by canonical tool name, then generic fallbacks. */
const SUMMARY_FIELDS: Record<string, string[]> = {
  terminal: ["command", "cmd"],
  file_read: ["path", "file_path", "file"],
  file_edit: ["path", "file_path", "file"],
  file_write: ["path", "file_path", "file"],
  file_search: ["pattern", "glob", "query", "path"],
  content_search: ["pattern", "query", "regex"],
  web_search: ["query", "q"],
  web_fetch: ["url"],
  sub_agent: ["description", "task", "prompt"],
};
const GENERIC_FIELDS = ["command", "path", "file_path", "url", "query", "pattern", "name", "description", "prompt"];

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A one-line description of a tool call's input, at most `max` characters. */
export function summarizeInput(tool: string, input: unknown, max = 120): string {
  if (typeof input === "string") return oneLine(input, max);
  if (!isRecord(input)) return input === undefined || input === null ? "" : oneLine(JSON.stringify(input), max);
  for (const field of [...(SUMMARY_FIELDS[tool] ?? []), ...GENERIC_FIELDS]) {
    const value = input[field];
    if (typeof value === "string" && value.trim() !== "") return oneLine(value, max);
    if (Array.isArray(value) && value.every((part) => typeof part === "string")) return oneLine(value.join(" "), max);
  }
  const firstString = Object.values(input).find((value) => typeof value === "string");
  if (typeof firstString === "string") return oneLine(firstString, max);
  const json = JSON.stringify(input);
  return json === "{}" ? "" : oneLine(json, max);
}

export function formatJson(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Tool output as text: strings as is, MCP-style `{content: [{type: "text", text}]}` joined, else JSON. */
export function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  const parts = isRecord(output) ? output.content : Array.isArray(output) ? output : null;
  if (Array.isArray(parts) && parts.length > 0) {
    const texts = parts.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : null));
    if (texts.every((text) => text !== null)) return texts.join("\n");
  }
  return output === undefined || output === null ? "" : formatJson(output);
}

export interface Truncated {
  text: string;
  truncated: boolean;
  hiddenLines: number;
}

/** Keeps at most `maxLines` lines and `maxChars` characters. */
export function truncateText(text: string, maxLines: number, maxChars: number): Truncated {
  const lines = text.split("\n");
  let kept = lines.length > maxLines ? lines.slice(0, maxLines).join("\n") : text;
  if (kept.length > maxChars) kept = kept.slice(0, maxChars);
  const truncated = kept.length < text.length;
  const hiddenLines = truncated ? lines.length - kept.split("\n").length : 0;
  return { text: kept, truncated, hiddenLines };
}

export function formatTokens(count: number): string {
  if (count < 1_000) return String(count);
  if (count < 1_000_000) return `${(count / 1_000).toFixed(count < 10_000 ? 1 : 0)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.0001) return "<$0.0001";
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatClock(ts: number): string {
  return clock.format(ts);
}

export function formatDateTime(ts: number): string {
  return dateTime.format(ts);
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(ts: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ts) / 1_000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** A finished turn's facts as short phrases: how long it took, tokens in, out and cached, and cost (the ones it has). */
export function turnFacts(turn: {
  durationMs?: number;
  usage?: { inputTokens?: number; outputTokens?: number; cachedInputTokens?: number; costUsd?: number };
}): string[] {
  const usage = turn.usage;
  return [
    turn.durationMs !== undefined ? formatDuration(turn.durationMs) : null,
    usage?.inputTokens !== undefined ? `${formatTokens(usage.inputTokens)} in` : null,
    usage?.outputTokens !== undefined ? `${formatTokens(usage.outputTokens)} out` : null,
    usage?.cachedInputTokens ? `${formatTokens(usage.cachedInputTokens)} cached` : null,
    usage?.costUsd !== undefined ? formatCost(usage.costUsd) : null,
  ].filter((part) => part !== null);
}
