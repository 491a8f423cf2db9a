// The frames `send` streams, encoded once for both SDKs: the TS SDK reads the `event:` name, the
// Python SDK reads `data.type`, so every frame carries both (wire contract, "SSE encoding").
import type { SendResult, ToolCallRecord } from "../schemas/tools";
import { sseFrame } from "./sse";

export type SendFrame =
  | { type: "user_message"; content: string }
  | { type: "assistant_text"; content: string; iteration: number }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; record: ToolCallRecord }
  | { type: "done"; result: SendResult }
  | { type: "error"; error: string; message: string };

export function encodeSendFrame(frame: SendFrame): string {
  switch (frame.type) {
    case "tool_result":
      return sseFrame("tool_result", { type: "tool_result", ...frame.record, toolCall: frame.record });
    case "done":
      return sseFrame("done", { type: "done", ...frame.result, result: frame.result });
    default:
      return sseFrame(frame.type, frame);
  }
}
