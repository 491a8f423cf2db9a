// The stream object hibernates with live readers attached (their isolate's WebSocket survives the
// eviction) and the readers still receive the next event, sent by the freshly woken instance.
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StreamDO } from "../../../src/objects";
import { createTenant } from "../../helpers/worker-api";
import { control, jsonMessages, SseEvents, streamFetch, uniquePath } from "../../helpers/worker-stream";

async function socketsOf(stub: DurableObjectStub<StreamDO>): Promise<number> {
  return runInDurableObject(stub, (_instance, state) => state.getWebSockets().length);
}

async function eventually(condition: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("StreamDO hibernation", () => {
  it("keeps readers attached across eviction; the woken object feeds them the next event", async () => {
    const tenant = await createTenant("Hibernation");
    const path = uniquePath("hibernate");
    const created = await streamFetch(tenant.key, "PUT", path, { headers: { "content-type": "application/json" }, body: '[{"n":1}]' });
    expect(created.status).toBe(201);
    const readers = [0, 1].map(async () => SseEvents.of(await streamFetch(tenant.key, "GET", `${path}?offset=-1&live=sse`)));
    const [first, second] = await Promise.all(readers);
    if (!first || !second) throw new Error("readers did not start");
    const waiting = [first, second].map((events) => events.until((event) => event.type === "control" && control(event).streamNextOffset.endsWith("2")));
    const stub = env.STREAMS.get(env.STREAMS.idFromName(`${tenant.projectId}/${path}`));
    await eventually(async () => (await socketsOf(stub)) === 1);
    const before = await runInDurableObject(stub, (instance) => instance);
    await evictDurableObject(stub);
    const appended = await streamFetch(tenant.key, "POST", path, { headers: { "content-type": "application/json" }, body: '{"n":2}' });
    expect(appended.status).toBe(204);
    for (const got of await Promise.all(waiting)) expect(jsonMessages(got).messages).toEqual([{ n: 1 }, { n: 2 }]);
    const after = await runInDurableObject(stub, (instance) => instance);
    expect(after).not.toBe(before);
    expect(await socketsOf(stub)).toBe(1);
    await Promise.all([first.cancel(), second.cancel()]);
  });
});
