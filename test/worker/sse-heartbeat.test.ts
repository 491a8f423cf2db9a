// SSE heartbeats: `: ping` frames fill quiet periods between whole frames, and stop when the stream ends.
import { describe, expect, it } from "vitest";
import { HEARTBEAT_INTERVAL_MS, PING_FRAME, sseFrame, withHeartbeat } from "../../src/shared/protocol/sse";

const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

describe("withHeartbeat", () => {
  it("sends pings at most 15 s apart by default", () => {
    expect(HEARTBEAT_INTERVAL_MS).toBeLessThanOrEqual(15_000);
    expect(PING_FRAME).toBe(": ping\n\n");
  });

  it("writes pings while the source is quiet, between whole frames, and ends with the source", async () => {
    const first = sseFrame("user_message", { type: "user_message", content: "hi" });
    const last = sseFrame("done", { type: "done" });
    const source = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(first));
        await sleep(120);
        controller.enqueue(encoder.encode(last));
        controller.close();
      },
    });
    const text = await readAll(withHeartbeat(source, 20));
    expect(text.startsWith(first)).toBe(true);
    expect(text.endsWith(last)).toBe(true);
    const middle = text.slice(first.length, text.length - last.length);
    expect(middle.length).toBeGreaterThan(0);
    expect(middle.replaceAll(PING_FRAME, "")).toBe("");
  });

  it("passes a busy stream through without pings", async () => {
    const frames = ["a", "b", "c"].map((name) => sseFrame(name, { type: name }));
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const frame of frames) controller.enqueue(encoder.encode(frame));
        controller.close();
      },
    });
    expect(await readAll(withHeartbeat(source, 1_000))).toBe(frames.join(""));
  });

  it("cancels the source when the reader leaves", async () => {
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      pull: () => sleep(1_000),
      cancel: () => {
        cancelled = true;
      },
    });
    await withHeartbeat(source, 10).cancel("client gone");
    expect(cancelled).toBe(true);
  });
});
