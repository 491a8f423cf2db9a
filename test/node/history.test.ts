// The conversation a managed turn's model sees, rebuilt from the session's log: messages in order,
// tool calls paired with their results, a cut-off turn's leftovers dropped, and proxy_execute calls
// (the caller's own REST calls, not tools the model was given) left out.
import { describe, expect, it } from "vitest";
import { historyFromEvents } from "../../durable-objects/session/runtime/history";
import type { SessionEvent } from "../../src/schemas/events";

let ts = 0;
const at = <E extends object>(event: E) => ({ v: 1 as const, ts: ++ts, ...event }) as unknown as SessionEvent;

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
});
