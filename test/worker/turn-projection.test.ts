// The log is the only output of a turn: a managed turn, and an external agent appending the very
// same events, give byte-identical sendStream bodies and the same send answer; a prompt removed
// from the queue ends its stream and its send from the log too.
import { describe, expect, it } from "vitest";
import { AGENT_EVENT_TYPES, LeaseGrant } from "../../src/shared/schemas/agent";
import { SendResult } from "../../src/shared/schemas/tools";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant, type TestTenant } from "../helpers/worker-api";
import { readLog } from "../helpers/worker-log";
import { parseSendFrames } from "../helpers/worker-sse";

const AGENT_TYPES: ReadonlySet<string> = new Set(AGENT_EVENT_TYPES);

const send = (key: string, id: string, message: string, accept: string) =>
  call(key, "POST", `/v1/sessions/${id}/send`, { body: { message }, headers: { accept } });

/**
 * The events of the session's last turn that an agent may append, as it would send them (no
 * envelope, no offset). Streamed pieces go in the form agents written before assistant_delta send
 * (assistant_message with delta: true), which the gateway reads as assistant_delta again.
 */
async function lastTurnEvents(tenant: TestTenant, sessionId: string) {
  const log = await readLog(tenant.projectId, sessionId);
  const start = log.findLastIndex((event) => event.type === "user_message");
  return log
    .slice(start + 1)
    .filter((event) => AGENT_TYPES.has(event.type) || event.type === "assistant_delta")
    .map(({ v: _v, ts: _ts, offset: _offset, ...event }) => (event.type === "assistant_delta" ? { ...event, type: "assistant_message", delta: true } : event));
}

/** Sends `message` to a new external session whose agent replays `events`, then completes the lease. */
async function replayAsAgent(tenant: TestTenant, message: string, accept: string, events: unknown[], success: boolean) {
  const session = await createSession(tenant.key, { servers: [], runtime: { type: "external" } });
  const base = `/v1/sessions/${session.id}`;
  const answer = send(tenant.key, session.id, message, accept);
  const lease = await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: { wait_ms: 5_000 } }), 200, LeaseGrant);
  expect(lease.text).toBe(message);
  // In two appends, as an agent streams: the projection must not care how events were batched.
  const half = Math.ceil(events.length / 2);
  for (const batch of [events.slice(0, half), events.slice(half)]) {
    if (batch.length > 0) expect((await call(tenant.key, "POST", `${base}/agent/events`, { body: batch })).status).toBe(200);
  }
  expect((await call(tenant.key, "POST", `${base}/agent/complete`, { body: { leaseId: lease.leaseId, success } })).status).toBe(200);
  return answer;
}

describe("one projection for managed and external turns", () => {
  it("streams the same frames, byte for byte, for a tool turn", async () => {
    const tenant = await createTenant();
    const managed = await createSession(tenant.key);
    const message = "call codespar_list_tools {}";
    const managedBody = await (await send(tenant.key, managed.id, message, "text/event-stream")).text();
    const events = await lastTurnEvents(tenant, managed.id);
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(["tool_call", "tool_result", "assistant_message"]));

    const externalBody = await (await replayAsAgent(tenant, message, "text/event-stream", events, true)).text();
    expect(externalBody).toBe(managedBody);

    const frames = parseSendFrames(managedBody);
    // The reply streams in pieces (as many as the provider's reads), so assistant_text may repeat.
    const kinds = frames.map((frame) => frame.event);
    expect(kinds.slice(0, 3)).toEqual(["user_message", "tool_use", "tool_result"]);
    expect(kinds.at(-1)).toBe("done");
    expect(new Set(kinds.slice(3, -1))).toEqual(new Set(["assistant_text"]));
    // tool_use names the call the way its tool_result and the SendResult do.
    const callId = frames[1]?.data.id;
    expect(frames[2]?.data).toMatchObject({ id: callId, tool_name: "codespar_list_tools" });
    expect(frames.at(-1)?.data).toMatchObject({ iterations: 2, tool_calls: [{ id: callId }] });
  });

  it("answers send with the same SendResult", async () => {
    const tenant = await createTenant();
    const managed = await createSession(tenant.key);
    const message = 'call foo/bar {"x":1}';
    const viaManaged = await expectJson(await send(tenant.key, managed.id, message, "application/json"), 200, SendResult.strict());
    const events = await lastTurnEvents(tenant, managed.id);
    const viaExternal = await expectJson(await replayAsAgent(tenant, message, "application/json", events, true), 200, SendResult.strict());
    expect(viaExternal).toEqual(viaManaged);
    expect(viaManaged).toMatchObject({ iterations: 2, tool_calls: [{ tool_name: "foo/bar", server_id: "foo", status: "error" }] });
  });

  it("ends a failed turn with the same error frame and the same 502", async () => {
    const tenant = await createTenant();
    // No OpenAI key on this gateway: the turn fails with an error event and turn_complete success:false.
    const runtime = { type: "managed", provider: "openai" };
    const streamed = await createSession(tenant.key, { servers: [], runtime });
    const managedBody = await (await send(tenant.key, streamed.id, "hi", "text/event-stream")).text();
    const events = await lastTurnEvents(tenant, streamed.id);
    expect(events.map((event) => event.type)).toEqual(["error"]);
    expect(await (await replayAsAgent(tenant, "hi", "text/event-stream", events, false)).text()).toBe(managedBody);
    expect(parseSendFrames(managedBody).map((frame) => frame.event)).toEqual(["user_message", "error"]);

    const answered = await createSession(tenant.key, { servers: [], runtime });
    const managedJson = await send(tenant.key, answered.id, "hi", "application/json");
    const externalJson = await replayAsAgent(tenant, "hi", "application/json", await lastTurnEvents(tenant, answered.id), false);
    expect([managedJson.status, externalJson.status]).toEqual([502, 502]);
    expect(await externalJson.json()).toEqual(await managedJson.json());
  });

  it("ends the stream and the send of a prompt removed from the queue, from the queue's own events", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const base = `/v1/sessions/${session.id}`;
    await call(tenant.key, "POST", `${base}/queue/pause`);
    const streaming = send(tenant.key, session.id, "later", "text/event-stream");
    const waiting = send(tenant.key, session.id, "later too", "application/json");
    for (let i = 0; i < 100; i++) {
      const queue: { size: number } = await (await call(tenant.key, "GET", `${base}/queue`)).json();
      if (queue.size === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await call(tenant.key, "DELETE", `${base}/queue`)).status).toBe(200);
    const frames = parseSendFrames(await (await streaming).text());
    expect(frames).toEqual([
      { event: "error", data: { type: "error", error: "turn_aborted", message: "The turn was aborted: removed from the queue before it started" } },
    ]);
    const answer = await waiting;
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ code: "turn_aborted" });
  });

  it("ends an agent's running turn with an error frame when the session closes", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key, { servers: [], runtime: { type: "external" } });
    const base = `/v1/sessions/${session.id}`;
    const streaming = send(tenant.key, session.id, "long job", "text/event-stream");
    await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: { wait_ms: 5_000 } }), 200, LeaseGrant);
    await call(tenant.key, "POST", `${base}/agent/events`, { body: { type: "assistant_message", text: "working", delta: true } });
    expect((await call(tenant.key, "DELETE", base)).status).toBe(204);
    const frames = parseSendFrames(await (await streaming).text());
    expect(frames.map((frame) => frame.event)).toEqual(["user_message", "assistant_text", "error"]);
    expect(frames.at(-1)?.data).toEqual({ type: "error", error: "turn_aborted", message: "The turn was aborted: session closed" });
  });
});
