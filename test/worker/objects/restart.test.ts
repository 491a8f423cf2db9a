// A session object that is evicted and restarted keeps its log, metadata and tool calls, and keeps numbering offsets.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SessionDetail } from "../../../src/shared/schemas/sessions";
import { ToolCallLogs } from "../../../src/shared/schemas/tools";
import { expectJson } from "../../helpers/worker-assert";
import { call, createSession, createTenant } from "../../helpers/worker-api";
import { readLog, sessionObject } from "../../helpers/worker-log";

describe("SessionDO restart", () => {
  it("keeps the log across an eviction, in a new instance", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool: "codespar_list_tools" } });
    await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello" } });
    const before = await readLog(tenant.projectId, session.id);
    expect(before.length).toBeGreaterThan(3);

    const stub = sessionObject(tenant.projectId, session.id);
    const firstInstance = await runInDurableObject(stub, (instance) => instance);
    await evictDurableObject(stub);
    const secondInstance = await runInDurableObject(stub, (instance) => instance);
    expect(secondInstance).not.toBe(firstInstance);

    expect(await readLog(tenant.projectId, session.id)).toEqual(before);
    const detail = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}`), 200, SessionDetail);
    expect(detail).toMatchObject({ id: session.id, status: "active", tool_calls_count: 1 });
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
    expect(logs.data).toHaveLength(1);
  });

  it("continues offsets after a restart instead of reusing them", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const stub = sessionObject(tenant.projectId, session.id);
    const before = await readLog(tenant.projectId, session.id);
    await evictDurableObject(stub);

    await call(tenant.key, "POST", `/v1/sessions/${session.id}/close`);
    const after = await readLog(tenant.projectId, session.id);
    expect(after.slice(0, before.length)).toEqual(before);
    const offsets = after.map((event) => event.offset);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect([...offsets].sort()).toEqual(offsets);
    expect(after.at(-1)).toMatchObject({ type: "session_end" });
  });

  it("reads the same rows straight from storage in a fresh run", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await call(tenant.key, "POST", `/v1/sessions/${session.id}/close`);
    const stub = sessionObject(tenant.projectId, session.id);
    await evictDurableObject(stub);
    const rows = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ type: string }>("SELECT type FROM events ORDER BY seq")
        .toArray()
        .map((row) => row.type),
    );
    expect(rows[0]).toBe("session_init");
    expect(rows.at(-1)).toBe("session_end");
    expect(rows.filter((type) => type === "session_end")).toHaveLength(1);
  });
});
