// Parses a `send` SSE body strictly by the wire contract: frames end in exactly "\n\n", each is one
// `event:` line and one single-line `data: ` line, and the event name equals data.type.
import { expect } from "vitest";
import { z } from "zod";

export const SEND_EVENT_NAMES = ["user_message", "assistant_text", "tool_use", "tool_result", "done", "error"];

const FrameData = z.looseObject({ type: z.string() });
export type SseFrame = { event: string; data: z.output<typeof FrameData> };

export function parseSendFrames(body: string): SseFrame[] {
  expect(body).not.toContain("\r");
  expect(body.endsWith("\n\n")).toBe(true);
  const frames: SseFrame[] = [];
  for (const chunk of body.slice(0, -2).split("\n\n")) {
    if (chunk === ": ping") continue;
    const lines = chunk.split("\n");
    expect(lines, chunk).toHaveLength(2);
    const [eventLine = "", dataLine = ""] = lines;
    const event = /^event: ([a-z_]+)$/.exec(eventLine)?.[1];
    expect(event, eventLine).toBeDefined();
    expect(dataLine.startsWith("data: "), dataLine).toBe(true);
    const data = FrameData.parse(JSON.parse(dataLine.slice("data: ".length)));
    expect(data.type).toBe(event);
    expect(SEND_EVENT_NAMES).toContain(event);
    frames.push({ event: event ?? "", data });
  }
  return frames;
}
