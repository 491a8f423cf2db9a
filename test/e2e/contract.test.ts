// The public session contract suite's five legs over real HTTP, exactly as it runs them: a fresh
// session per leg on http://localhost:<port>, no project header, DELETE after each leg.
import { afterEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { parseSse } from "../helpers/sse";

const baseUrl = inject("baseUrl");
const apiKey = inject("apiKey");
const SSE_EVENTS = ["user_message", "assistant_text", "tool_use", "tool_result", "done", "error"];
const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
let sessionId: string | undefined;
/** The suite reads answers loosely, field by field: each test checks the fields' types itself. */
const JsonRecord = z.record(z.string(), z.unknown());
const Created = z.object({ id: z.string(), status: z.unknown() });
const Frame = z.object({ type: z.unknown() });
const Done = z.object({ message: z.unknown(), result: z.object({ message: z.unknown(), iterations: z.unknown() }) });
const ConnectionsBody = z.object({ servers: z.array(z.object({ id: z.unknown(), connected: z.unknown() })), tools: z.array(z.unknown()) });

async function freshSession(): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/sessions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ servers: [], user_id: "contract-suite" }),
  });
  expect(res.status).toBe(201);
  const session = Created.parse(await res.json());
  expect(session.status).toBe("active");
  sessionId = session.id;
  return session.id;
}

afterEach(async () => {
  if (!sessionId) return;
  const res = await fetch(`${baseUrl}/v1/sessions/${sessionId}`, { method: "DELETE", headers });
  expect(res.status).toBe(204);
  sessionId = undefined;
});

describe("contract suite legs", () => {
  it("uses a base URL the suite accepts", () => {
    expect(new URL(baseUrl).hostname).toBe("localhost");
  });

  it("1. execute codespar_list_tools", async () => {
    const id = await freshSession();
    const res = await fetch(`${baseUrl}/v1/sessions/${id}/execute`, {
      method: "POST",
      headers,
      body: JSON.stringify({ tool: "codespar_list_tools", input: {} }),
    });
    expect(res.status).toBe(200);
    const result = JsonRecord.parse(await res.json());
    expect(result.success).toBe(true);
    expect(result.data).not.toBeNull();
    expect(result.error).toBeNull();
    expect(typeof result.duration).toBe("number");
    expect(typeof result.server).toBe("string");
    expect(typeof result.tool).toBe("string");
  });

  it("2. send hello", async () => {
    const id = await freshSession();
    const res = await fetch(`${baseUrl}/v1/sessions/${id}/send`, {
      method: "POST",
      headers: { ...headers, accept: "application/json" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(200);
    const result = JsonRecord.parse(await res.json());
    expect(typeof result.message).toBe("string");
    expect(Array.isArray(result.tool_calls)).toBe(true);
    expect(typeof result.iterations).toBe("number");
  });

  it("3. sendStream hello, read by event name (TS SDK) and by data.type (Python SDK)", async () => {
    const id = await freshSession();
    const res = await fetch(`${baseUrl}/v1/sessions/${id}/send`, {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({ message: "hello" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const frames = parseSse(await res.text()).filter((frame) => !frame.comment);
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      expect(SSE_EVENTS).toContain(frame.event);
      const data = Frame.parse(JSON.parse(frame.data ?? "null"));
      expect(data.type).toBe(frame.event);
    }
    const last = frames.at(-1);
    expect(last?.event).toBe("done");
    const done = Done.parse(JSON.parse(last?.data ?? "null"));
    expect(done.result.message).toBe(done.message);
    expect(done.result.iterations).toBe(1);
  });

  it("4. connections", async () => {
    const id = await freshSession();
    const res = await fetch(`${baseUrl}/v1/sessions/${id}/connections`, { headers });
    expect(res.status).toBe(200);
    const body = ConnectionsBody.parse(await res.json());
    expect(Array.isArray(body.servers)).toBe(true);
    for (const server of body.servers) {
      expect(typeof server.id).toBe("string");
      expect(typeof server.connected).toBe("boolean");
    }
  });

  it("5. close", async () => {
    const id = await freshSession();
    const res = await fetch(`${baseUrl}/v1/sessions/${id}`, { method: "DELETE", headers });
    expect(res.status).toBe(204);
    const after = await fetch(`${baseUrl}/v1/sessions/${id}`, { headers });
    expect(JsonRecord.parse(await after.json()).status).toBe("closed");
  });

  it("routes the TS SDK's double-slash URLs", async () => {
    const res = await fetch(`${baseUrl}//v1/whoami`, { headers });
    expect(res.status).toBe(200);
  });
});
