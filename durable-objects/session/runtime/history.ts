// Rebuilds the conversation a model sees from the session's log, so managed turns remember earlier
// turns: user and assistant messages, and tool calls paired with their results.
import type { SessionEvent } from "../../../src/schemas/events";
import type { ChatMessage } from "./types";

/** Earlier turns a model sees, counted in log events (bounded so one turn's request stays bounded). */
export const HISTORY_EVENTS = 400;
/**
 * The tool name proxy_execute calls are logged under. They are the caller's own REST calls, not the
 * model's tool uses, so its history leaves them out (a model would see a tool it was never given).
 */
export const PROXY_TOOL = "proxy_execute";

export function historyFromEvents(events: readonly SessionEvent[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const event of events) {
    if (event.type === "user_message") {
      messages.push({ role: "user", content: event.text });
    } else if (event.type === "assistant_message") {
      messages.push({ role: "assistant", content: event.text, toolUses: [] });
    } else if (event.type === "tool_call" && event.tool !== PROXY_TOOL) {
      let last = messages.at(-1);
      if (last?.role !== "assistant") {
        last = { role: "assistant", content: "", toolUses: [] };
        messages.push(last);
      }
      last.toolUses.push({ id: event.callId, name: event.tool, input: event.input });
      toolNames.set(event.callId, event.tool);
    } else if (event.type === "tool_result") {
      const name = toolNames.get(event.callId);
      if (name) messages.push({ role: "tool", toolUseId: event.callId, name, content: JSON.stringify(event.output ?? null), isError: event.isError });
    }
  }
  // A model call must start with a user message: drop any leading remainder of a cut-off turn.
  const firstUser = messages.findIndex((message) => message.role === "user");
  return firstUser === -1 ? [] : messages.slice(firstUser);
}
