// Optimistic prompts: what this viewer submitted, shown at once and reconciled with the log
// (delivered when a user_message carries the promptId, placed by the queue snapshots meanwhile).
import type { QueueItem, Row, ViewState } from "./rows";

/** A transcript row: one of the log's, or a prompt of this viewer's still on its way. */
export type DisplayRow = Row | { kind: "pending"; key: string; ts: number; prompt: PendingView };

export interface PendingPrompt {
  promptId: string;
  text: string;
  user: { name: string };
  sentAt: number;
  /** Position from the submit response (0 = next), until a queue snapshot lists the prompt. */
  position: number | null;
  accepted: boolean;
}

export type PendingState = "sending" | "queued" | "running" | "removed";
export interface PendingView extends PendingPrompt {
  state: PendingState;
}

/** The optimistic prompts still worth showing, with their live state; delivered ones drop out. */
export function visiblePending(pending: readonly PendingPrompt[], view: ViewState): PendingView[] {
  const out: PendingView[] = [];
  for (const prompt of pending) {
    if (view.delivered.has(prompt.promptId)) continue;
    const queue = view.queue;
    if (queue?.running?.promptId === prompt.promptId) {
      out.push({ ...prompt, state: "running", position: null });
      continue;
    }
    const item = queue?.items.find((entry) => entry.promptId === prompt.promptId);
    if (item) {
      out.push({ ...prompt, state: "queued", position: item.position });
      continue;
    }
    const seen = view.queueSeen.get(prompt.promptId);
    const gone = seen !== undefined && queue !== null && queue.offset > seen;
    out.push({ ...prompt, state: gone ? "removed" : prompt.accepted ? "queued" : "sending" });
  }
  return out;
}

export interface QueueEntry {
  promptId: string;
  text: string;
  name: string | null;
  position: number | null;
  state: "running" | "queued" | "sending";
  mine: boolean;
}

/**
 * The queue panel: the running prompt, the queued ones by position, then own prompts in flight.
 * `own` lists every promptId this viewer submitted (pending ones are always counted as own).
 */
export function queueEntries(view: ViewState, pending: readonly PendingView[], own: ReadonlySet<string> = new Set()): QueueEntry[] {
  const mine = new Set([...own, ...pending.map((prompt) => prompt.promptId)]);
  const entry = (item: QueueItem, state: "running" | "queued"): QueueEntry => ({
    promptId: item.promptId,
    text: item.text,
    name: item.user?.name ?? null,
    position: state === "running" ? null : item.position,
    state,
    mine: mine.has(item.promptId),
  });
  const out: QueueEntry[] = [];
  const listed = new Set<string>();
  const queue = view.queue;
  if (queue?.running) {
    out.push(entry(queue.running, "running"));
    listed.add(queue.running.promptId);
  }
  for (const item of [...(queue?.items ?? [])].sort((a, b) => a.position - b.position)) {
    out.push(entry(item, "queued"));
    listed.add(item.promptId);
  }
  for (const prompt of pending) {
    if (listed.has(prompt.promptId) || prompt.state === "removed" || prompt.state === "running") continue;
    out.push({
      promptId: prompt.promptId,
      text: prompt.text,
      name: prompt.user.name,
      position: prompt.position,
      state: prompt.accepted ? "queued" : "sending",
      mine: true,
    });
  }
  return out;
}

/**
 * The transcript, each prompt in it once: a queued prompt's line drops out when the prompt was
 * delivered (its user message shows it) or is this viewer's own (its pending row shows it); the
 * others show their place in the queue as it is now, not as it was when they were queued. Then
 * this viewer's pending prompts. The log's own array is returned when nothing changes.
 */
export function transcriptRows(view: ViewState, pending: readonly PendingView[], own: ReadonlySet<string>): readonly DisplayRow[] {
  const places = new Map<string, number>();
  for (const item of view.queue?.items ?? []) places.set(item.promptId, item.position);
  let rows: readonly DisplayRow[] = view.rows;
  let copied: DisplayRow[] | null = null;
  view.rows.forEach((row, index) => {
    if (row.kind !== "queued" || row.promptId === undefined) {
      copied?.push(row);
      return;
    }
    const hidden = view.delivered.has(row.promptId) || own.has(row.promptId);
    const place = places.get(row.promptId);
    if (!hidden && place === row.position) {
      copied?.push(row);
      return;
    }
    copied ??= view.rows.slice(0, index);
    if (!hidden) copied.push({ ...row, position: place });
  });
  if (copied !== null) rows = copied;
  if (pending.length === 0) return rows;
  return [...rows, ...pending.map((prompt): DisplayRow => ({ kind: "pending", key: `pending:${prompt.promptId}`, ts: prompt.sentAt, prompt }))];
}
