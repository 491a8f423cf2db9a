// The durable prompt queue: positions, idempotent submit, reorder/cancel/pause/resume/clear,
// bounds, closed sessions, and a restart of the object mid-queue.
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PromptAccepted, QueueSnapshot } from "../../src/shared/schemas/queue";
import { expectError, expectJson } from "../helpers/worker-assert";
import { readLog, sessionObject } from "../helpers/worker-log";
import { call, createSession, createTenant } from "../helpers/worker-api";

async function pausedSession() {
  const tenant = await createTenant();
  const session = await createSession(tenant.key);
  await expectJson(await call(tenant.key, "POST", `/v1/sessions/${session.id}/queue/pause`), 200, QueueSnapshot);
  return { tenant, session, base: `/v1/sessions/${session.id}` };
}

const submit = (key: string, base: string, body: unknown) => call(key, "POST", `${base}/prompts`, { body });

async function untilIdle(key: string, base: string) {
  for (let i = 0; i < 100; i++) {
    const queue = await expectJson(await call(key, "GET", `${base}/queue`), 200, QueueSnapshot);
    if (!queue.processing && queue.size === 0) return queue;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("queue never drained");
}

describe("prompt queue", () => {
  it("gives positions in submit order and is idempotent on promptId", async () => {
    const { tenant, base } = await pausedSession();
    const results = await Promise.all(["a", "b", "c"].map((text, i) => submit(tenant.key, base, { text, promptId: `p${i}` })));
    const accepted = await Promise.all(results.map((res) => expectJson(res, 202, PromptAccepted)));
    expect(accepted.map((a) => a.position).sort()).toEqual([0, 1, 2]);
    const again = await expectJson(await submit(tenant.key, base, { text: "a", promptId: "p0" }), 202, PromptAccepted);
    expect(again).toMatchObject({ promptId: "p0", status: "queued" });
    const queue = await expectJson(await call(tenant.key, "GET", `${base}/queue`), 200, QueueSnapshot);
    expect(queue).toMatchObject({ paused: true, processing: false, size: 3, running: null });
    expect(queue.items.map((item) => item.position)).toEqual([0, 1, 2]);
  });

  it("reorders only with exactly the queued ids", async () => {
    const { tenant, base } = await pausedSession();
    for (const id of ["x", "y", "z"]) await submit(tenant.key, base, { text: id, promptId: id });
    await expectError(await call(tenant.key, "PUT", `${base}/queue/order`, { body: { order: ["x", "y"] } }), 400, "invalid_order");
    await expectError(await call(tenant.key, "PUT", `${base}/queue/order`, { body: { order: ["x", "y", "y"] } }), 400, "invalid_order");
    const queue = await expectJson(await call(tenant.key, "PUT", `${base}/queue/order`, { body: { order: ["z", "x", "y"] } }), 200, QueueSnapshot);
    expect(queue.items.map((item) => item.promptId)).toEqual(["z", "x", "y"]);
  });

  it("cancels queued prompts, clears, and resumes in order", async () => {
    const { tenant, session, base } = await pausedSession();
    for (const id of ["one", "two", "three", "four"]) await submit(tenant.key, base, { text: `say ${id}`, promptId: id });
    expect((await expectJson(await call(tenant.key, "DELETE", `${base}/prompts/two`), 200, z.object({ status: z.string() }))).status).toBe("cancelled");
    await expectError(await call(tenant.key, "DELETE", `${base}/prompts/nope`), 404, "prompt_not_found");
    await expectError(await call(tenant.key, "DELETE", `${base}/prompts/two`), 409, "prompt_finished");
    await expectJson(await call(tenant.key, "POST", `${base}/queue/resume`), 200, QueueSnapshot);
    await untilIdle(tenant.key, base);
    const log = await readLog(tenant.projectId, session.id);
    const answered = log.flatMap((event) => (event.type === "user_message" ? [event.promptId] : []));
    expect(answered).toEqual(["one", "three", "four"]);
    const completes = log.filter((event) => event.type === "turn_complete");
    expect(completes).toHaveLength(3);
    expect(log.filter((event) => event.type === "queue_updated").length).toBeGreaterThan(6);
  });

  it("clear removes every queued prompt and reports the count", async () => {
    const { tenant, base } = await pausedSession();
    for (const id of ["a", "b"]) await submit(tenant.key, base, { text: id, promptId: id });
    expect(await expectJson(await call(tenant.key, "DELETE", `${base}/queue`), 200, z.object({ cleared: z.number() }))).toEqual({ cleared: 2 });
    expect((await expectJson(await call(tenant.key, "GET", `${base}/queue`), 200, QueueSnapshot)).size).toBe(0);
  });

  it("is bounded: 429 queue_full past 100 queued prompts", async () => {
    const { tenant, base } = await pausedSession();
    for (let i = 0; i < 100; i++) expect((await submit(tenant.key, base, { text: `p${i}` })).status).toBe(202);
    await expectError(await submit(tenant.key, base, { text: "one too many" }), 429, "queue_full");
  });

  it("refuses prompts to a closed session with 409", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await call(tenant.key, "POST", `/v1/sessions/${session.id}/close`);
    await expectError(await submit(tenant.key, `/v1/sessions/${session.id}`, { text: "late" }), 409, "session_closed");
  });

  it("survives a restart of the object mid-queue", async () => {
    const { tenant, session, base } = await pausedSession();
    for (const id of ["r1", "r2", "r3"]) await submit(tenant.key, base, { text: id, promptId: id });
    await evictDurableObject(sessionObject(tenant.projectId, session.id));
    const queue = await expectJson(await call(tenant.key, "GET", `${base}/queue`), 200, QueueSnapshot);
    expect(queue.items.map((item) => item.promptId)).toEqual(["r1", "r2", "r3"]);
    await call(tenant.key, "POST", `${base}/queue/resume`);
    await untilIdle(tenant.key, base);
    const log = await readLog(tenant.projectId, session.id);
    expect(log.filter((event) => event.type === "turn_complete").length).toBe(3);
  });

  it("validates bodies", async () => {
    const { tenant, base } = await pausedSession();
    await expectError(await submit(tenant.key, base, { text: "" }), 400, "validation_failed");
    await expectError(await submit(tenant.key, base, { text: "x", promptId: "has spaces" }), 400, "validation_failed");
  });
});
