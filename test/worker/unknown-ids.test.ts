// Probing ids nobody created stores nothing: a request for a random session id or stream path
// reaches a fresh Durable Object, which answers 404 without creating its tables, so probes cannot
// leave an empty object behind per id. The first real write creates the schema.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sessionStub } from "../../src/lib/session-stub";
import { streamStub } from "../../src/lib/stream-stub";
import { expectError } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { streamFetch, uniquePath } from "../helpers/worker-stream";

/** The tables in an object's SQLite storage (none for an object that never stored anything). */
const tablesOf = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_instance, state: DurableObjectState) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray()
      .map((row) => row.name),
  );

describe("a session id nobody created", () => {
  it("answers 404 on every route and leaves its object without tables; a created session has them", async () => {
    const tenant = await createTenant("Probe");
    const id = `ses_${crypto.randomUUID().replaceAll("-", "")}`;
    await expectError(await call(tenant.key, "GET", `/v1/sessions/${id}`), 404, "session_not_found");
    await expectError(await call(tenant.key, "GET", `/v1/sessions/${id}/events`), 404, "session_not_found");
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${id}/prompts`, { body: { text: "hi" } }), 404, "session_not_found");
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${id}/close`), 404, "session_not_found");
    expect(await tablesOf(sessionStub(env, tenant.projectId, id))).toEqual([]);

    const created = await createSession(tenant.key);
    expect(await tablesOf(sessionStub(env, tenant.projectId, created.id))).toEqual(expect.arrayContaining(["_migrations", "meta", "events"]));
    expect((await call(tenant.key, "GET", `/v1/sessions/${created.id}`)).status).toBe(200);
  });
});

describe("a stream path nobody created", () => {
  it("answers 404 to HEAD, GET, POST and DELETE and leaves its object without tables", async () => {
    const { key, projectId } = await createTenant("Probe");
    const path = uniquePath("probe");
    expect((await streamFetch(key, "HEAD", path)).status).toBe(404);
    expect((await streamFetch(key, "GET", `${path}?offset=-1`)).status).toBe(404);
    expect((await streamFetch(key, "POST", path, { headers: { "content-type": "application/json" }, body: "[1]" })).status).toBe(404);
    expect((await streamFetch(key, "DELETE", path)).status).toBe(404);
    expect(await tablesOf(streamStub(env, projectId, path))).toEqual([]);
  });

  it("is not created by a PUT that fails validation; a valid PUT creates it", async () => {
    const { key, projectId } = await createTenant("Probe");
    const path = uniquePath("probe-put");
    expect((await streamFetch(key, "PUT", path, { headers: { "content-type": "application/json" }, body: "{not json" })).status).toBe(400);
    expect(await tablesOf(streamStub(env, projectId, path))).toEqual([]);
    expect((await streamFetch(key, "PUT", path, { headers: { "content-type": "application/json" }, body: "[1]" })).status).toBe(201);
    expect(await tablesOf(streamStub(env, projectId, path))).toEqual(expect.arrayContaining(["_migrations", "meta"]));
    expect(await (await streamFetch(key, "GET", `${path}?offset=-1`)).json()).toEqual([1]);
  });
});
