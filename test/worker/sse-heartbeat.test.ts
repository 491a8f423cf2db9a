// SSE heartbeats on a send stream: the live reader that follows the session log writes `: ping`
// frames between whole frames while the turn is quiet, and stops when the turn's `done` is out.
import { describe, expect, it } from "vitest";
import { sendStreamResponse } from "../../src/lib/live/send-stream";
import { HEARTBEAT_INTERVAL_MS, PING_FRAME } from "../../src/shared/protocol/sse";
import { FakeLog } from "../helpers/worker-fake-log";
import { parseSendFrames } from "../helpers/worker-sse";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const record = (fields: Record<string, unknown>) => ({ v: 1, ts: Date.now(), ...fields });

function startTurn(log: FakeLog): void {
  log.append([record({ type: "user_message", text: "hi", promptId: "prm_1" })]);
}

function endTurn(log: FakeLog): void {
  log.append([record({ type: "assistant_message", text: "hello", iteration: 1 }), record({ type: "turn_complete", promptId: "prm_1", success: true })]);
}

const turn = { promptId: "prm_1", afterSeq: 0, maxIterations: 4 };

describe("send stream heartbeat", () => {
  it("sends pings at most 15 s apart by default", () => {
    expect(HEARTBEAT_INTERVAL_MS).toBeLessThanOrEqual(15_000);
    expect(PING_FRAME).toBe(": ping\n\n");
  });

  it("writes pings while the turn is quiet, between whole frames, and ends with the turn", async () => {
    const log = new FakeLog();
    startTurn(log);
    const response = await sendStreamResponse(log, turn, new AbortController().signal, 20);
    const body = response.text();
    await sleep(150);
    endTurn(log);
    const text = await body;
    const frames = parseSendFrames(text);
    expect(frames.map((frame) => frame.event)).toEqual(["user_message", "assistant_text", "done"]);
    const first = text.indexOf("\n\n") + 2;
    const quiet = text.slice(first, text.indexOf("event: assistant_text"));
    expect(quiet.length).toBeGreaterThan(0);
    expect(quiet.replaceAll(PING_FRAME, "")).toBe("");
    expect(text.endsWith("\n\n")).toBe(true);
  });

  it("sends no pings while frames keep coming", async () => {
    const log = new FakeLog();
    startTurn(log);
    endTurn(log);
    const response = await sendStreamResponse(log, turn, new AbortController().signal, 1_000);
    const text = await response.text();
    expect(text).not.toContain(PING_FRAME);
    expect(parseSendFrames(text).map((frame) => frame.event)).toEqual(["user_message", "assistant_text", "done"]);
  });

  it("ends the stream when the client goes away", async () => {
    const log = new FakeLog();
    startTurn(log);
    const client = new AbortController();
    const response = await sendStreamResponse(log, turn, client.signal, 10);
    const body = response.text().catch(() => "aborted");
    await sleep(30);
    client.abort();
    const ended = await Promise.race([body.then(() => true), sleep(2_000).then(() => false)]);
    expect(ended).toBe(true);
  });
});
