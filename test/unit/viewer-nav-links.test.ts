// Deep links, turns and announcements (spa/src/lib/nav/deep-link.ts, turns.ts, announce.ts): the
// row an offset opens, the turn list and its usage, and what a screen reader is told about news.
import { describe, expect, it } from "vitest";
import { decodeItem, type Incoming } from "../../spa/src/lib/events";
import { announcement, changeNotes, newlyWaiting } from "../../spa/src/lib/nav/announce";
import { eventLink, offsetFromHash, resolveOffset } from "../../spa/src/lib/nav/deep-link";
import { adjacentTurn, firstLine, turnsOf, turnUsages } from "../../spa/src/lib/nav/turns";
import { applyItems, emptyView, type ViewState } from "../../spa/src/lib/rows";

const off = (n: number): string => `${"0".repeat(16)}_${String(n).padStart(16, "0")}`;
const ev = (n: number, type: string, fields: Record<string, unknown> = {}) => ({ v: 1, type, ts: 1_700_000_000_000 + n * 1_000, offset: off(n), ...fields });
const viewOf = (raw: readonly unknown[], from: ViewState = emptyView()) =>
  applyItems(
    from,
    raw.map(decodeItem).filter((item): item is Incoming => item !== null),
  );
const usage = (inputTokens: number, outputTokens: number, costUsd: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, costUsd });

const log = [
  ev(1, "session_init", { sessionId: "s", agent: "Codex", runtime: "external" }),
  ev(2, "user_message", { text: "\n  First prompt line  \nmore", user: { name: "Ana" } }),
  ev(3, "tool_call", { callId: "c1", tool: "terminal", input: { command: "ls" } }),
  ev(4, "assistant_message", { text: "Listing." }),
  ev(5, "tool_result", { callId: "c1", output: "a b", isError: false }),
  ev(6, "turn_complete", { success: true, usage: usage(100, 20, 0.01) }),
  ev(7, "user_message", { text: "Second" }),
  ev(8, "turn_complete", { success: true }),
  ev(9, "user_message", { text: "Third" }),
  ev(10, "turn_complete", { success: false, usage: usage(300, 50, 0.03) }),
];
const view = viewOf(log);
const keys = view.rows.map((row) => row.key);

describe("deep links", () => {
  it("link to the page with the offset as the hash, and read it back", () => {
    const link = eventLink("https://gw.example", "/s/abc", off(4));
    expect(link).toBe(`https://gw.example/s/abc#${off(4)}`);
    expect(offsetFromHash(new URL(link).hash)).toBe(off(4));
    expect(eventLink("https://gw.example", "/s/abc", "-1~000000000003")).toBe("https://gw.example/s/abc#-1~000000000003");
    expect(offsetFromHash(`#${encodeURIComponent("a b#c")}`)).toBe("a b#c");
    expect(offsetFromHash("")).toBeNull();
    expect(offsetFromHash("#")).toBeNull();
    expect(offsetFromHash("#%E0%A4%A")).toBeNull();
  });

  it("open the row with that key, or the last row starting before an offset folded into an earlier row", () => {
    expect(resolveOffset(view.rows, view.lastOffset, off(4), false)).toEqual({ kind: "row", index: keys.indexOf(off(4)) });
    // The tool result (5) is in the tool row (3); the last row starting at or before 5 is the message (4).
    expect(resolveOffset(view.rows, view.lastOffset, off(5), true)).toEqual({ kind: "row", index: keys.indexOf(off(4)) });
    expect(resolveOffset(view.rows, view.lastOffset, off(1), true)).toEqual({ kind: "row", index: 0 });
  });

  it("wait for an offset past what has loaded, until the log has caught up; then it is missing", () => {
    expect(resolveOffset(view.rows, view.lastOffset, off(11), false)).toEqual({ kind: "wait" });
    expect(resolveOffset(view.rows, view.lastOffset, off(11), true)).toEqual({ kind: "missing" });
    expect(resolveOffset([], null, off(1), false)).toEqual({ kind: "wait" });
    expect(resolveOffset(view.rows, view.lastOffset, "0", true)).toEqual({ kind: "missing" });
    expect(resolveOffset(view.rows, view.lastOffset, "not an offset", true)).toEqual({ kind: "missing" });
  });
});

describe("turns", () => {
  const turns = turnsOf(view.rows);

  it("start at each prompt, titled by its first non-empty line", () => {
    expect(turns.map((turn) => [turn.number, turn.title, turn.author, turn.key])).toEqual([
      [1, "First prompt line", "Ana", off(2)],
      [2, "Second", "User", off(7)],
      [3, "Third", "User", off(9)],
    ]);
    expect(firstLine("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
    expect(firstLine(" \n ")).toBe("(empty prompt)");
  });

  it("step to the turn before or after a position, null at either end", () => {
    const [one, two, three] = turns;
    expect(adjacentTurn(turns, 0, 1)).toBe(one);
    expect(adjacentTurn(turns, one?.index ?? -1, 1)).toBe(two);
    expect(adjacentTurn(turns, (one?.index ?? 0) + 1, -1)).toBe(one);
    expect(adjacentTurn(turns, two?.index ?? -1, -1)).toBe(one);
    expect(adjacentTurn(turns, three?.index ?? -1, 1)).toBeNull();
    expect(adjacentTurn(turns, one?.index ?? -1, -1)).toBeNull();
  });

  it("report usage for the turns that have it, numbered by their prompt", () => {
    expect(turnUsages(view.rows)).toEqual([
      { number: 1, index: keys.indexOf(off(6)), key: off(6), inputTokens: 100, outputTokens: 20, costUsd: 0.01 },
      { number: 3, index: keys.indexOf(off(10)), key: off(10), inputTokens: 300, outputTokens: 50, costUsd: 0.03 },
    ]);
    expect(turnUsages(viewOf([ev(1, "turn_complete", { success: true })]).rows)).toEqual([]);
  });
});

describe("announcements", () => {
  const start = viewOf(log.slice(0, 4));

  it("say what one new thing is, or count several", () => {
    const replied = viewOf([ev(11, "assistant_message", { text: "Hi" })], view);
    expect(changeNotes(view.rows, replied.rows, "Codex")).toEqual(["Codex replied"]);
    const finished = viewOf([log[4]], start);
    expect(changeNotes(start.rows, finished.rows, "Codex")).toEqual(["Tool terminal finished"]);
    const many = viewOf(log.slice(4), start);
    const notes = changeNotes(start.rows, many.rows, "Codex");
    expect(notes).toEqual(["Tool terminal finished", "Turn complete", "Prompt from User", "Turn complete", "Prompt from User", "Turn failed"]);
    expect(announcement(notes)).toBe("6 new events");
    expect(announcement(["Codex replied"])).toBe("Codex replied");
    expect(announcement([])).toBeNull();
  });

  it("do not announce a reply still streaming, only once it is whole", () => {
    const piece = viewOf([ev(11, "assistant_delta", { text: "Hel" })], view);
    expect(changeNotes(view.rows, piece.rows, "Codex")).toEqual([]);
    const more = viewOf([ev(12, "assistant_delta", { text: "lo" })], piece);
    expect(changeNotes(piece.rows, more.rows, "Codex")).toEqual([]);
    const whole = viewOf([ev(13, "assistant_message", { text: "Hello" })], more);
    expect(changeNotes(more.rows, whole.rows, "Codex")).toEqual(["Codex replied"]);
  });

  it("name a permission request that has just started waiting, once", () => {
    const asked = viewOf([ev(11, "permission_request", { requestId: "r1", tool: "file_write", input: {} })], view);
    expect(newlyWaiting(view.rows, asked.rows)).toBe("file_write");
    expect(newlyWaiting(asked.rows, asked.rows)).toBeNull();
    const answered = viewOf([ev(12, "permission_response", { requestId: "r1", decision: "deny" })], asked);
    expect(newlyWaiting(asked.rows, answered.rows)).toBeNull();
    expect(changeNotes(asked.rows, answered.rows, "Codex")).toEqual(["Permission answered"]);
  });
});
