// The offline `local` provider: deterministic, no network. It echoes the prompt, and when a prompt
// reads `call <tool> <json>` it asks for that tool, then reports the tool's result.
import type { ChatMessage, ModelChunk, ModelProvider, ModelRequest, ToolUse, Usage } from "./types";

const CALL = /^\s*call\s+(\S+)(?:\s+([\s\S]*\S))?\s*$/;
const MAX_RESULT_CHARS = 2_000;

/** A rough, deterministic token count: about four characters a token. */
const tokens = (text: string) => Math.ceil(text.length / 4);

export class LocalProvider implements ModelProvider {
  readonly name = "local";
  readonly model = "local-echo-1";

  async *stream(request: ModelRequest): AsyncIterable<ModelChunk> {
    const last = request.messages.at(-1);
    const reply = last ? this.reply(last, request.messages.length) : { text: "Nothing to answer." };
    if ("toolUse" in reply) {
      yield { type: "tool_use", toolUse: reply.toolUse };
    } else {
      // Stream word by word so consumers see deltas the way real providers send them.
      for (const piece of reply.text.match(/\S+\s*/g) ?? [reply.text]) yield { type: "text", text: piece };
    }
    const input = request.messages.map(messageText).join("\n");
    const output = "toolUse" in reply ? JSON.stringify(reply.toolUse.input) : reply.text;
    yield { type: "usage", usage: { inputTokens: tokens(input), outputTokens: tokens(output), cachedInputTokens: 0 } };
  }

  costUsd(_usage: Usage): number {
    return 0;
  }

  private reply(message: ChatMessage, index: number): { text: string } | { toolUse: ToolUse } {
    if (message.role === "tool") {
      const verb = message.isError ? "failed" : "returned";
      return { text: `Tool ${message.name} ${verb}: ${message.content.slice(0, MAX_RESULT_CHARS)}` };
    }
    const text = message.content;
    const call = CALL.exec(text);
    if (!call?.[1]) return { text: `You said: ${text}` };
    try {
      const input: unknown = call[2] ? JSON.parse(call[2]) : {};
      return { toolUse: { id: `toolu_local_${index}`, name: call[1], input } };
    } catch {
      return { text: `I could not read the tool input as JSON: ${call[2]}` };
    }
  }
}

function messageText(message: ChatMessage): string {
  return message.content;
}
