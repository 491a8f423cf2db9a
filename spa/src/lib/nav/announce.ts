// What the screen-reader announcements say about new activity after the first catch-up: one line
// for a batch of changes ("Agent replied", "Tool terminal finished", or "3 new events"), and the
// permission request that has just started waiting. Pure functions of the rows before and after.
import type { Row } from "../rows";

/** The row as it reads aloud when it is the only news, or null when it is not news on its own. */
function note(row: Row, before: Row | undefined, agent: string): string | null {
  switch (row.kind) {
    case "user":
      return before ? null : `Prompt from ${row.user?.name ?? "User"}`;
    case "assistant":
      // A streaming reply is news once, when it is whole.
      return row.streaming || (before?.kind === "assistant" && !before.streaming) ? null : `${agent} replied`;
    case "tool": {
      const name = row.call?.tool ?? "tool";
      if (row.result !== null && (before?.kind !== "tool" || before.result === null)) return `Tool ${name} ${row.result.isError ? "failed" : "finished"}`;
      return before ? null : `Tool ${name} started`;
    }
    case "permission":
      return row.response !== null && (before?.kind !== "permission" || before.response === null) ? "Permission answered" : null;
    case "turn":
      return before ? null : row.success ? "Turn complete" : "Turn failed";
    case "aborted":
      return before ? null : "Turn aborted";
    case "error":
      return before ? null : `Error: ${row.message}`;
    case "end":
      return before ? null : "Session ended";
    default:
      return before ? null : "New event";
  }
}

/** The news in going from `prev` to `next` (same log, later): one note per new or newly finished row. */
export function changeNotes(prev: readonly Row[], next: readonly Row[], agent: string): string[] {
  const notes: string[] = [];
  // A changed row is a new object, so comparing identities finds every change in one cheap pass.
  for (let index = 0; index < next.length; index += 1) {
    const row = next[index];
    const before = prev[index];
    if (!row || row === before) continue;
    const text = note(row, before, agent);
    if (text !== null) notes.push(text);
  }
  return notes;
}

/** One announcement for a batch of notes: the note itself when there is one, else a count. */
export function announcement(notes: readonly string[]): string | null {
  if (notes.length === 0) return null;
  if (notes.length === 1) return notes[0] ?? null;
  return `${notes.length} new events`;
}

/** The tool of the last permission request that is waiting in `next` but was not in `prev`, or null. */
export function newlyWaiting(prev: readonly Row[], next: readonly Row[]): string | null {
  for (let index = next.length - 1; index >= 0; index -= 1) {
    const row = next[index];
    if (row?.kind !== "permission" || row.response !== null || row.request === null) continue;
    const before = prev[index];
    if (before?.kind === "permission" && before.request !== null && before.response === null) continue;
    return row.request.tool;
  }
  return null;
}
