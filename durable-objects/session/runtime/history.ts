// Rebuilds the conversation a model sees from the session's log, so managed turns remember earlier
// turns: user and assistant messages, and tool calls paired with their results. It is bounded in
// size as well as in events: one huge tool result, or many large ones, would otherwise push every
// later request past the model's context window and fail each turn of the session from then on.
import { PROXY_TOOL } from "../../../src/shared/protocol/send-frames";
import type { SessionEvent } from "../../../src/shared/schemas/events";
import type { ChatMessage } from "./types";

/**
 * proxy_execute calls (logged under PROXY_TOOL) are the caller's own REST calls, not the model's tool
 * uses, so its history leaves them out (a model would see a tool it was never given).
 */
export { PROXY_TOOL };

/** Earlier turns a model sees, counted in log events (bounded so one turn's request stays bounded). */
export const HISTORY_EVENTS = 400;
/** A tool result longer than this is cut, with a note saying how long it was. */
export const MAX_TOOL_RESULT_CHARS = 16_000;
/** Characters of history sent with a turn (about 50k tokens): the oldest whole turns go first. */
export const MAX_HISTORY_CHARS = 200_000;

export function historyFromEvents(events: readonly SessionEvent[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const event of events) {
    if (event.type === "user_message") {
      messages.push({ role: "user", content: event.text });
    } else if (event.type === "assistant_message") {
      // A whole message (streamed pieces are assistant_delta events, followed by this one).
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
      if (name) messages.push({ role: "tool", toolUseId: event.callId, name, content: clip(JSON.stringify(event.output ?? null)), isError: event.isError });
    }
  }
  return messages.slice(firstKeptTurn(messages));
}

function clip(content: string): string {
  if (content.length <= MAX_TOOL_RESULT_CHARS) return content;
  return `${content.slice(0, MAX_TOOL_RESULT_CHARS)}... [tool result cut: ${MAX_TOOL_RESULT_CHARS} of ${content.length} characters shown]`;
}

const sizeOf = (message: ChatMessage) =>
  message.content.length +
  (message.role === "assistant" ? message.toolUses.reduce((sum, use) => sum + use.name.length + JSON.stringify(use.input ?? null).length, 0) : 0);

/**
 * Where the history starts: at a user message (a model call must start with one, and cutting there
 * keeps every tool call with its result), the earliest one whose turns fit MAX_HISTORY_CHARS; the
 * latest turn is kept even when it alone is larger. Everything, when nothing starts a turn: none.
 */
function firstKeptTurn(messages: readonly ChatMessage[]): number {
  let start = messages.length;
  let size = 0;
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (!message) continue;
    size += sizeOf(message);
    if (message.role !== "user") continue;
    if (size > MAX_HISTORY_CHARS && start < messages.length) break;
    start = i;
  }
  return start;
}
