// POST /v1/sessions/:id/send with Accept: text/event-stream: the dual-SDK SSE encoding, frame by frame.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SendResult, ToolCallRecord } from "../../src/shared/schemas/tools";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { parseSendFrames } from "../helpers/worker-sse";

const DoneData = SendResult.extend({ type: z.literal("done"), result: SendResult });
const ToolResultData = ToolCallRecord.extend({ type: z.literal("tool_result"), toolCall: ToolCallRecord });
const ToolUseData = z.object({ type: z.literal("tool_use"), id: z.string().min(1), name: z.string(), input: z.unknown() });
const TextData = z.object({ type: z.literal("assistant_text"), content: z.string(), iteration: z.number().int() });

async function stream(key: string, id: string, message: string) {
  const res = await call(key, "POST", `/v1/sessions/${id}/send`, { body: { message }, headers: { accept: "text/event-stream" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  expect(res.headers.get("cache-control")).toBe("no-cache");
  return parseSendFrames(await res.text());
}

describe("send (SSE)", () => {
  it("streams hello as user_message, assistant_text deltas and a done frame carrying the SendResult", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const frames = await stream(tenant.key, session.id, "hello");

    expect(frames[0]?.data).toEqual({ type: "user_message", content: "hello" });
    const last = frames.at(-1);
    expect(last?.event).toBe("done");
    expect(frames.filter((frame) => frame.event === "done" || frame.event === "error")).toHaveLength(1);

    const texts = frames.filter((frame) => frame.event === "assistant_text").map((frame) => TextData.parse(frame.data));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((text) => text.iteration === 1)).toBe(true);
    const done = DoneData.parse(last?.data);
    expect(texts.map((text) => text.content).join("")).toBe(done.message);
    expect(done.result).toEqual({ message: "You said: hello", tool_calls: [], iterations: 1 });
    expect({ message: done.message, tool_calls: done.tool_calls, iterations: done.iterations }).toEqual(done.result);
  });

  it("streams a tool turn: tool_use, then tool_result with the record and toolCall, then the reply and done", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const frames = await stream(tenant.key, session.id, "call codespar_list_tools {}");
    const events = frames.map((frame) => frame.event);

    const useAt = events.indexOf("tool_use");
    const resultAt = events.indexOf("tool_result");
    expect(events[0]).toBe("user_message");
    expect(useAt).toBeGreaterThan(0);
    expect(resultAt).toBe(useAt + 1);
    expect(events.lastIndexOf("assistant_text")).toBeGreaterThan(resultAt);
    expect(events.at(-1)).toBe("done");

    const use = ToolUseData.parse(frames[useAt]?.data);
    expect(use).toMatchObject({ name: "codespar_list_tools", input: {} });
    const result = ToolResultData.parse(frames[resultAt]?.data);
    const { type, toolCall, ...record } = result;
    expect(type).toBe("tool_result");
    expect(toolCall).toEqual(record);
    expect(record).toMatchObject({ tool_name: "codespar_list_tools", server_id: "codespar", status: "success", error_code: null });

    const done = DoneData.parse(frames.at(-1)?.data);
    expect(done.iterations).toBe(2);
    expect(done.tool_calls).toEqual([toolCall]);
    expect(done.result).toEqual({ message: done.message, tool_calls: done.tool_calls, iterations: 2 });
    expect(done.message).toContain("codespar_list_tools");
  });

  it("gives the same answer as the JSON form", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const frames = await stream(tenant.key, session.id, "hello there");
    const json = await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello there" } });
    const viaJson = SendResult.parse(await json.json());
    expect(DoneData.parse(frames.at(-1)?.data).result).toEqual(viaJson);
  });
});
