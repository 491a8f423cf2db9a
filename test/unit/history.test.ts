// The conversation a managed turn's model sees, rebuilt from the session's log: messages in order,
// tool calls paired with their results, a cut-off turn's leftovers dropped, proxy_execute calls
// (the caller's own REST calls, not tools the model was given) left out, and the whole bounded in
// size: long tool results cut, the oldest whole turns dropped.
import { describe, expect, it } from "vitest";
import { historyFromEvents, MAX_HISTORY_CHARS, MAX_TOOL_RESULT_CHARS } from "../../durable-objects/session/runtime/history";
import type { NewSessionEvent, SessionEvent } from "../../src/shared/schemas/events";

let ts = 0;
const at = (event: NewSessionEvent): SessionEvent => ({ v: 1, ts: ++ts, ...event });

describe("historyFromEvents", () => {
  it("pairs tool calls with their results under the assistant message that made them", () => {
    const history = historyFromEvents([
      at({ type: "user_message", text: "list customers" }),
      at({ type: "assistant_message", text: "Looking." }),
      at({ type: "tool_call", callId: "tc_1", tool: "crm/list", server: "crm", input: { page: 1 } }),
      at({ type: "tool_result", callId: "tc_1", output: { items: [] }, isError: false }),
      at({ type: "assistant_message", text: "None yet." }),
    ]);
    expect(history).toEqual([
      { role: "user", content: "list customers" },
      { role: "assistant", content: "Looking.", toolUses: [{ id: "tc_1", name: "crm/list", input: { page: 1 } }] },
      { role: "tool", toolUseId: "tc_1", name: "crm/list", content: '{"items":[]}', isError: false },
      { role: "assistant", content: "None yet.", toolUses: [] },
    ]);
  });

  it("reads a reply once: its whole assistant_message, not the assistant_delta pieces streamed before it", () => {
    const history = historyFromEvents([
      at({ type: "user_message", text: "hi" }),
      at({ type: "assistant_delta", text: "You said", iteration: 1 }),
      at({ type: "assistant_delta", text: ": hi", iteration: 1 }),
      at({ type: "assistant_message", text: "You said: hi", phase: "final", iteration: 1 }),
    ]);
    expect(history).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "You said: hi", toolUses: [] },
    ]);
  });

  it("leaves out proxy_execute calls and their results, wherever they fall", () => {
    const history = historyFromEvents([
      at({ type: "user_message", text: "hi" }),
      at({ type: "tool_call", callId: "px_1", tool: "proxy_execute", server: "crm", input: { method: "GET", endpoint: "/x" } }),
      at({ type: "tool_result", callId: "px_1", output: { status: 200, data: {} }, isError: false }),
      at({ type: "assistant_message", text: "Hello." }),
    ]);
    expect(history).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "Hello.", toolUses: [] },
    ]);
  });

  it("starts at the first user message (a turn cut off by the window leaves no orphans)", () => {
    const history = historyFromEvents([
      at({ type: "tool_result", callId: "tc_0", output: null, isError: false }),
      at({ type: "assistant_message", text: "done" }),
      at({ type: "user_message", text: "next" }),
    ]);
    expect(history).toEqual([{ role: "user", content: "next" }]);
  });

  it("cuts a long tool result and says how long it was", () => {
    const output = "y".repeat(MAX_TOOL_RESULT_CHARS * 3);
    const history = historyFromEvents([
      at({ type: "user_message", text: "read it" }),
      at({ type: "tool_call", callId: "tc_1", tool: "files/read", input: {} }),
      at({ type: "tool_result", callId: "tc_1", output, isError: false }),
    ]);
    const result = history[2];
    expect(result?.role).toBe("tool");
    if (result?.role !== "tool") return;
    expect(result.content.length).toBeLessThan(MAX_TOOL_RESULT_CHARS + 100);
    expect(result.content).toContain(`${MAX_TOOL_RESULT_CHARS} of ${JSON.stringify(output).length} characters shown`);
  });

  it("drops the oldest whole turns beyond the size budget, starting at a user message", () => {
    const turnChars = Math.floor(MAX_HISTORY_CHARS / 3.5);
    const events = Array.from({ length: 6 }, (_, turn) => [
      at({ type: "user_message", text: `${turn}:${"u".repeat(turnChars)}` }),
      at({ type: "tool_call", callId: `tc_${turn}`, tool: "t/x", input: { turn } }),
      at({ type: "tool_result", callId: `tc_${turn}`, output: "ok", isError: false }),
      at({ type: "assistant_message", text: `answer ${turn}` }),
    ]).flat();
    const history = historyFromEvents(events);
    const users = history.filter((message) => message.role === "user").map((message) => message.content.split(":")[0]);
    expect(users).toEqual(["3", "4", "5"]);
    expect(history[0]?.role).toBe("user");
    expect(history.length).toBe(3 * 4);
  });

  it("keeps the latest turn whole even when it alone is over the budget", () => {
    const history = historyFromEvents([
      at({ type: "user_message", text: "old" }),
      at({ type: "assistant_message", text: "old answer" }),
      at({ type: "user_message", text: "z".repeat(MAX_HISTORY_CHARS + 1) }),
      at({ type: "assistant_message", text: "new answer" }),
    ]);
    expect(history.map((message) => message.content.slice(0, 10))).toEqual(["z".repeat(10), "new answer"]);
  });
});
