// Optimistic prompts and the queue panel (spa/src/lib/pending.ts).
import { describe, expect, it } from "vitest";
import { objectContaining } from "../helpers/matchers";
import { decodeItem, type Incoming } from "../../spa/src/lib/events";
import { type PendingPrompt, queueEntries, transcriptRows, visiblePending } from "../../spa/src/lib/pending";
import { applyItems, emptyView, type ViewState } from "../../spa/src/lib/rows";

const off = (n: number): string => `${String(n).padStart(16, "0")}_${"0".repeat(16)}`;
const ev = (n: number, type: string, fields: Record<string, unknown>) => ({ v: 1, type, ts: n, offset: off(n), ...fields });
const apply = (state: ViewState, raw: unknown[]): ViewState =>
  applyItems(
    state,
    raw.map(decodeItem).filter((item): item is Incoming => item !== null),
  );
const item = (promptId: string, position: number) => ({ promptId, text: promptId, enqueuedAt: 1, position, user: { name: "Ana" } });
const queue = (n: number, running: ReturnType<typeof item> | null, items: ReturnType<typeof item>[]) =>
  ev(n, "queue_updated", { processing: running !== null, paused: false, running, items, size: items.length });

const mine: PendingPrompt = { promptId: "me", text: "hello", user: { name: "Me" }, sentAt: 1, position: null, accepted: false };

describe("visiblePending", () => {
  it("shows a prompt as sending, then queued with the submit position", () => {
    expect(visiblePending([mine], emptyView())[0]?.state).toBe("sending");
    const accepted = { ...mine, accepted: true, position: 2 };
    expect(visiblePending([accepted], emptyView())[0]).toMatchObject({ state: "queued", position: 2 });
  });

  it("follows the queue snapshots, then disappears once its user_message arrives", () => {
    let view = apply(emptyView(), [queue(1, null, [item("other", 0), item("me", 1)])]);
    expect(visiblePending([mine], view)[0]).toMatchObject({ state: "queued", position: 1 });
    view = apply(view, [queue(2, item("me", 0), [])]);
    expect(visiblePending([mine], view)[0]?.state).toBe("running");
    view = apply(view, [ev(3, "user_message", { text: "hello", promptId: "me" })]);
    expect(visiblePending([mine], view)).toEqual([]);
  });

  it("marks a prompt removed when a later snapshot no longer has it", () => {
    let view = apply(emptyView(), [ev(1, "prompt_queued", { promptId: "me", text: "hello", position: 0 })]);
    expect(visiblePending([{ ...mine, accepted: true }], view)[0]?.state).toBe("queued");
    view = apply(view, [queue(2, null, [])]);
    expect(visiblePending([{ ...mine, accepted: true }], view)[0]?.state).toBe("removed");
  });
});

describe("transcriptRows", () => {
  const queued = (n: number, promptId: string, position: number) =>
    ev(n, "prompt_queued", { promptId, text: `${promptId} text`, position, user: { name: "Bo" } });
  const kinds = (rows: readonly { kind: string }[]) => rows.map((row) => row.kind);

  it("shows each prompt once: a delivered prompt's queued line goes, an own prompt shows only as pending", () => {
    let view = apply(emptyView(), [queued(1, "bo", 0), queued(2, "me", 1), queue(3, null, [item("bo", 0), item("me", 1)])]);
    const pending = visiblePending([{ ...mine, accepted: true }], view);
    expect(kinds(transcriptRows(view, pending, new Set(["me"])))).toEqual(["queued", "pending"]);
    view = apply(view, [queue(4, item("bo", 0), [item("me", 0)]), ev(5, "user_message", { text: "bo text", promptId: "bo" })]);
    const rows = transcriptRows(view, visiblePending([{ ...mine, accepted: true }], view), new Set(["me"]));
    expect(kinds(rows)).toEqual(["user", "pending"]);
    expect(rows.at(-1)).toMatchObject({ kind: "pending", prompt: { state: "queued", position: 0 } });
  });

  it("shows another viewer's queued prompt at its place now, and without a place once it left the queue", () => {
    let view = apply(emptyView(), [queued(1, "a", 0), queued(2, "bo", 1), queue(3, null, [item("a", 0), item("bo", 1)])]);
    expect(transcriptRows(view, [], new Set())).toBe(view.rows);
    view = apply(view, [queue(4, null, [item("bo", 0)])]);
    expect(transcriptRows(view, [], new Set())).toEqual([
      objectContaining({ promptId: "a", position: undefined }),
      objectContaining({ promptId: "bo", position: 0 }),
    ]);
  });
});

describe("queueEntries", () => {
  it("lists the running prompt, the queued ones by position, then own prompts not yet listed", () => {
    const view = apply(emptyView(), [queue(1, item("r", 0), [item("b", 1), item("a", 0)])]);
    const pending = visiblePending([mine, { ...mine, promptId: "b", accepted: true }], view);
    const entries = queueEntries(view, pending);
    expect(entries.map((entry) => [entry.promptId, entry.state, entry.position, entry.mine])).toEqual([
      ["r", "running", null, false],
      ["a", "queued", 0, false],
      ["b", "queued", 1, true],
      ["me", "sending", null, true],
    ]);
  });
});
