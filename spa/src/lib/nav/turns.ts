// Turns for the turn navigator and the usage chart: a turn starts at each prompt (`user` row);
// its usage comes from the `turn` row that ends it. Pure functions of the rows.
import type { DisplayRow } from "../pending";

/** A prompt's first line is cut to this many characters in the turn list. */
const TITLE_MAX = 80;

export interface TurnEntry {
  /** 1-based, in log order. */
  number: number;
  /** The row index of the prompt that starts the turn. */
  index: number;
  key: string;
  title: string;
  author: string;
  ts: number | null;
}

/** The first non-empty line of a prompt, cut to TITLE_MAX characters. */
export function firstLine(text: string, max = TITLE_MAX): string {
  const line = text
    .split("\n")
    .map((part) => part.trim())
    .find((part) => part !== "");
  if (line === undefined) return "(empty prompt)";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function turnsOf(rows: readonly DisplayRow[]): TurnEntry[] {
  const turns: TurnEntry[] = [];
  rows.forEach((row, index) => {
    if (row.kind !== "user") return;
    turns.push({ number: turns.length + 1, index, key: row.key, title: firstLine(row.text), author: row.user?.name ?? "User", ts: row.ts });
  });
  return turns;
}

/**
 * The turn before (-1) or after (+1) the reader's position (a row index): the last turn that starts
 * above it, or the first that starts below it; null at either end.
 */
export function adjacentTurn(turns: readonly TurnEntry[], position: number, direction: -1 | 1): TurnEntry | null {
  if (direction === 1) return turns.find((turn) => turn.index > position) ?? null;
  return turns.findLast((turn) => turn.index < position) ?? null;
}

export interface TurnUsage {
  /** The number of the turn it ends (its prompt's number), or its own count when the log has no prompts. */
  number: number;
  /** The row index of the `turn` row. */
  index: number;
  key: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** Every finished turn that reported token usage, in order. */
export function turnUsages(rows: readonly DisplayRow[]): TurnUsage[] {
  const usages: TurnUsage[] = [];
  let prompts = 0;
  let ended = 0;
  rows.forEach((row, index) => {
    if (row.kind === "user") prompts += 1;
    if (row.kind !== "turn") return;
    ended += 1;
    const usage = row.usage;
    if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return;
    usages.push({
      number: prompts > 0 ? prompts : ended,
      index,
      key: row.key,
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
      costUsd: usage.costUsd ?? null,
    });
  });
  return usages;
}
