// The viewer's view model (spa/src/lib/rows.ts + events.ts): offset dedupe, pairing, snapshots.
import { describe, expect, it } from "vitest";
import { decodeItem, type Incoming } from "../../spa/src/lib/events";
import { applyItems, emptyView, sessionStatus, type ViewState } from "../../spa/src/lib/rows";
import { anyNumber } from "../helpers/matchers";

const off = (n: number): string => `${String(n).padStart(16, "0")}_${"0".repeat(16)}`;
let clock = 1_700_000_000_000;
function ev(n: number, type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  clock += 1_000;
  return { v: 1, type, ts: clock, offset: off(n), ...fields };
}
function decode(raw: readonly unknown[]): Incoming[] {
  return raw.map(decodeItem).filter((item): item is Incoming => item !== null);
}
function apply(state: ViewState, raw: readonly unknown[], limit: string | null = null): ViewState {
  return applyItems(state, decode(raw), limit);
}

const session = [
  ev(1, "session_init", { sessionId: "ses_1", agent: "Claude Code", model: "claude-sonnet", runtime: "managed" }),
  ev(2, "user_message", { text: "Fix the tests", promptId: "p1", user: { name: "Ana" } }),
  ev(3, "thinking", { summary: "Looking at tests", text: null }),
  ev(4, "assistant_message", { text: "Let me look.", phase: "commentary" }),
  ev(5, "tool_call", { callId: "c1", tool: "terminal", input: { command: "npm test" } }),
  ev(6, "tool_call", { callId: "c2", tool: "file_read", input: { path: "a.ts" } }),
  ev(7, "tool_result", { callId: "c2", output: "contents", isError: false, durationMs: 4 }),
  ev(8, "tool_result", { callId: "c1", output: "1 failed", isError: true }),
  ev(9, "assistant_message", { text: "Fixed.", phase: "final" }),
  ev(10, "turn_complete", {
    promptId: "p1",
    success: true,
    durationMs: 9000,
    usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 50, costUsd: 0.01 },
  }),
];

describe("applyItems", () => {
  it("names an external agent by what it reports (agent_info), and 'External agent' until it does", () => {
    const init = ev(1, "session_init", { sessionId: "ses_x", agent: "external", cwd: "/", runtime: "external" });
    let view = apply(emptyView(), [init]);
    expect(view.meta).toMatchObject({ agent: "External agent", model: null });
    view = apply(view, [ev(2, "agent_info", { name: "Claude Code", model: "claude-opus-4", version: "2.1" })]);
    expect(view.meta).toMatchObject({ agent: "Claude Code", model: "claude-opus-4" });
    expect(view.rows.map((row) => row.kind)).toEqual(["init"]);
    view = apply(view, [ev(3, "agent_info", { model: "claude-sonnet-4" })]);
    expect(view.meta).toMatchObject({ agent: "Claude Code", model: "claude-sonnet-4" });
  });

  it("builds rows in order, pairing tool results with their calls by callId", () => {
    const view = apply(emptyView(), session);
    expect(view.rows.map((row) => row.kind)).toEqual(["init", "user", "thinking", "assistant", "tool", "tool", "assistant", "turn"]);
    const tools = view.rows.filter((row) => row.kind === "tool");
    expect(tools.map((row) => [row.callId, row.result?.isError])).toEqual([
      ["c1", true],
      ["c2", false],
    ]);
    expect(view.meta).toMatchObject({ sessionId: "ses_1", agent: "Claude Code", model: "claude-sonnet" });
    expect(view.totals).toEqual({ turns: 1, inputTokens: 100, outputTokens: 20, cachedInputTokens: 50, costUsd: 0.01 });
    expect(view.lastOffset).toBe(off(10));
    expect(view.delivered.has("p1")).toBe(true);
  });

  it("labels only the first agent message of a turn", () => {
    const view = apply(emptyView(), session);
    expect(view.rows.filter((row) => row.kind === "assistant").map((row) => row.lead)).toEqual([true, false]);
  });

  it("drops replays at or before the last applied offset (resume after reconnect)", () => {
    const once = apply(emptyView(), session.slice(0, 6));
    const replayed = apply(once, session.slice(3));
    const straight = apply(emptyView(), session);
    expect(replayed.rows).toEqual(straight.rows);
    expect(apply(straight, session)).toBe(straight);
  });

  it("is the same whichever way the log is batched", () => {
    let oneByOne = emptyView();
    for (const item of session) oneByOne = apply(oneByOne, [item]);
    expect(oneByOne.rows).toEqual(apply(emptyView(), session).rows);
  });

  it("never shows events past a snapshot's upToOffset", () => {
    const view = apply(emptyView(), session, off(5));
    expect(view.lastOffset).toBe(off(5));
    expect(view.rows.at(-1)).toMatchObject({ kind: "tool", callId: "c1", result: null });
  });

  it("keeps a result whose call it never saw, and fills in the call if it comes later", () => {
    const view = apply(emptyView(), [ev(1, "tool_result", { callId: "x", output: "late", isError: false })]);
    expect(view.rows[0]).toMatchObject({ kind: "tool", call: null, result: { output: "late" } });
    const filled = apply(view, [ev(2, "tool_call", { callId: "x", tool: "web_fetch", input: { url: "https://a.b" } })]);
    expect(filled.rows).toHaveLength(1);
    expect(filled.rows[0]).toMatchObject({ kind: "tool", call: { tool: "web_fetch" }, result: { output: "late" } });
  });

  it("pairs permission requests with their responses", () => {
    const view = apply(emptyView(), [
      ev(1, "permission_request", { requestId: "r1", tool: "terminal", input: { command: "rm -rf build" } }),
      ev(2, "permission_response", { requestId: "r1", decision: "deny", user: { name: "Bo" } }),
    ]);
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ kind: "permission", request: { tool: "terminal" }, response: { decision: "deny" } });
  });

  it("keeps the latest queue snapshot and remembers which prompts it showed", () => {
    const item = { promptId: "p2", text: "next", enqueuedAt: clock, position: 0 };
    const view = apply(emptyView(), [
      ev(1, "prompt_queued", { promptId: "p2", text: "next", position: 0 }),
      ev(2, "queue_updated", { processing: true, paused: false, running: null, items: [item], size: 1 }),
    ]);
    expect(view.queue).toMatchObject({ offset: off(2), items: [item] });
    expect(view.queueSeen.get("p2")).toBe(off(2));
    expect(view.rows.map((row) => row.kind)).toEqual(["queued"]);
  });

  it("renders unknown or malformed events as 'unknown' rows and still advances", () => {
    const view = apply(emptyView(), [ev(1, "brand_new_type", { x: 1 }), ev(2, "user_message", { text: 42 }), { type: "no offset" }]);
    expect(view.rows.map((row) => (row.kind === "unknown" ? row.type : row.kind))).toEqual(["brand_new_type", "user_message"]);
    expect(view.lastOffset).toBe(off(2));
  });

  it("grows streamed pieces into one message that the whole message then replaces", () => {
    const piece = (n: number, text: string, iteration = 1) => ev(n, "assistant_delta", { text, iteration });
    const streamed = [
      ev(1, "user_message", { text: "hi", promptId: "p1" }),
      piece(2, "You said"),
      ev(3, "queue_updated", { processing: true, paused: false, running: null, items: [], size: 0 }),
      piece(4, ": hi"),
    ];
    const partial = apply(emptyView(), streamed);
    expect(partial.rows.filter((row) => row.kind === "assistant").map((row) => row.text)).toEqual(["You said: hi"]);
    const whole = apply(partial, [ev(5, "assistant_message", { text: "You said: hi", phase: "final", iteration: 1 }), piece(6, "Next", 2)]);
    const messages = whole.rows.filter((row) => row.kind === "assistant");
    expect(messages.map((row) => [row.key, row.text, row.phase, row.streaming, row.lead])).toEqual([
      [off(2), "You said: hi", "final", false, true],
      [off(6), "Next", undefined, true, false],
    ]);
    // A turn that ends mid-stream leaves its pieces; the next turn's pieces start a new message.
    const next = apply(whole, [ev(7, "turn_complete", { success: false }), ev(8, "user_message", { text: "again" }), piece(9, "Again", 1)]);
    expect(next.rows.filter((row) => row.kind === "assistant").map((row) => row.text)).toEqual(["You said: hi", "Next", "Again"]);
  });

  it("reads a piece in its retired form (assistant_message with delta: true) as assistant_delta", () => {
    const view = apply(emptyView(), [
      ev(1, "assistant_message", { text: "You ", delta: true, iteration: 1 }),
      ev(2, "assistant_message", { text: "said", delta: true, iteration: 1 }),
    ]);
    expect(view.rows.map((row) => (row.kind === "assistant" ? [row.text, row.streaming] : row.kind))).toEqual([["You said", true]]);
    expect(view.streamingAt).toBe(0);
  });

  it("tracks session status through a turn and the end", () => {
    let view = apply(emptyView(), session.slice(0, 2));
    expect(sessionStatus(view)).toBe("working");
    view = apply(view, session.slice(2));
    expect(sessionStatus(view)).toBe("idle");
    view = apply(view, [ev(11, "session_end", { reason: "idle_timeout" })]);
    expect(sessionStatus(view)).toBe("ended");
    expect(view.meta.endReason).toBe("idle_timeout");
    expect(view.rows.at(-1)).toMatchObject({ kind: "end", reason: "idle_timeout" });
  });
});

/** A stream `capi` itself wrote: ASP events, which are not all gateway session events. */
const capiStream = [
  ev(1, "session_init", { sessionId: "c-1", cwd: "/home/ana/app", agent: "claude", agentVersion: "2.1.0", git: { branch: "main" } }),
  ev(2, "user_message", { text: "Run the tests", user: { name: "Ana" }, channelTs: 5 }),
  ev(3, "user_message_queued", { text: "then deploy", user: { name: "Bo" }, channelTs: 6 }),
  ev(4, "assistant_message", { text: "Running.", phase: "commentary", kind: "tool" }),
  ev(5, "tool_call", { callId: "t1", tool: "terminal", originalTool: "Bash", originalAgent: "claude", input: { command: "npm test" } }),
  ev(6, "tool_result", { callId: "t1", output: "ok", isError: false, exitCode: 0 }),
  ev(7, "permission_request", { requestId: "r1", tool: "terminal", input: { command: "deploy" } }),
  ev(8, "permission_response", { requestId: "r1", decision: "allow", updatedInput: { command: "deploy --dry" } }),
  ev(9, "turn_complete", { success: true, usage: { inputTokens: 10, outputTokens: 5, reasoningOutputTokens: 2 }, durationMs: 40 }),
  ev(10, "error", { message: "rate limited", retryable: true, retryAttempt: 1 }),
  ev(11, "session_end"),
];

describe("applyItems on ASP streams", () => {
  it("maps every ASP event onto rows, with no unknown rows", () => {
    const view = apply(emptyView(), capiStream);
    expect(view.rows.map((row) => row.kind)).toEqual(["init", "user", "queued", "assistant", "tool", "permission", "turn", "error", "end"]);
    expect(view.rows[0]).toMatchObject({ kind: "init", agent: "claude", agentVersion: "2.1.0", cwd: "/home/ana/app" });
    expect(view.rows[2]).toMatchObject({ kind: "queued", text: "then deploy", user: { name: "Bo" } });
    expect(view.rows[4]).toMatchObject({ kind: "tool", call: { originalTool: "Bash" }, result: { exitCode: 0, isError: false } });
    expect(view.rows[5]).toMatchObject({ kind: "permission", response: { decision: "allow", updatedInput: { command: "deploy --dry" } } });
    expect(view.meta).toMatchObject({ sessionId: "c-1", agent: "claude", cwd: "/home/ana/app", runtime: null, endReason: null });
    expect(view.totals).toEqual({ turns: 1, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, costUsd: 0 });
    expect(sessionStatus(view)).toBe("ended");
  });

  it("keeps only the fields it knows: an extra field never changes a row's kind", () => {
    const [assistant] = apply(emptyView(), capiStream).rows.filter((row) => row.key === off(4));
    expect(assistant).toEqual({ key: off(4), ts: anyNumber(), kind: "assistant", lead: true, text: "Running.", phase: "commentary", streaming: false });
  });

  it("decodes gateway events as session events first (a queued prompt keeps its position)", () => {
    const [item] = decode([ev(1, "prompt_queued", { promptId: "p9", text: "next", position: 2 })]);
    expect(item).toMatchObject({ kind: "event", event: { type: "prompt_queued", position: 2 } });
    const unknown = decode([ev(2, "session_init", { sessionId: "s", agent: "claude" })]);
    expect(unknown).toEqual([{ kind: "unknown", offset: off(2), type: "session_init", ts: anyNumber() }]);
  });
});
