// Session lifecycle: create (201 SessionRow), detail with tool-call counts, idempotent close by DELETE or POST /close.
import { describe, expect, it } from "vitest";
import { SessionDetail, SessionList, SessionRow } from "../../src/shared/schemas/sessions";
import { expectError, expectJson, expectNoContent, IsoString } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";
import { eventTypes, readLog, turnEvents } from "../helpers/worker-log";
import { anyString } from "../helpers/matchers";

const create = async (key: string, body: unknown) => expectJson(await call(key, "POST", "/v1/sessions", { body }), 201, SessionRow.strict());
const detail = async (key: string, id: string) => expectJson(await call(key, "GET", `/v1/sessions/${id}`), 200, SessionDetail);

describe("POST /v1/sessions", () => {
  it("accepts servers: [] and answers 201 with an active SessionRow", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, { servers: [] });
    expect(row).toMatchObject({ org_id: tenant.orgId, project_id: tenant.projectId, user_id: "default", servers: [], status: "active", closed_at: null });
    expect(row.id).toMatch(/^ses_[A-Za-z0-9]+$/);
    expect(IsoString.safeParse(row.created_at).success).toBe(true);
  });

  it("ignores unknown fields (mocks, anything) and keeps user_id, servers and metadata", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, {
      servers: ["asaas", "stripe"],
      user_id: "contract-suite",
      metadata: { team: "payments" },
      mocks: { "asaas/create_customer": { id: "cus_1" } },
      unexpected: true,
    });
    expect(row).toMatchObject({ servers: ["asaas", "stripe"], user_id: "contract-suite", status: "active" });
    const fetched = await detail(tenant.key, row.id);
    expect(fetched.metadata).toEqual({ team: "payments" });
  });

  it("accepts an empty object (servers default to [])", async () => {
    const tenant = await createTenant();
    expect((await create(tenant.key, {})).servers).toEqual([]);
  });

  it("starts the session's log with session_init", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, { servers: [] });
    const events = turnEvents(await readLog(tenant.projectId, row.id));
    expect(eventTypes(events)).toEqual(["session_init"]);
    expect(events[0]).toMatchObject({ v: 1, type: "session_init", sessionId: row.id, runtime: "managed" });
  });
});

describe("GET /v1/sessions/:id", () => {
  it("returns the row plus tool_calls_count and tool_call_count, counting executes", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, { servers: ["asaas"] });
    const fresh = await detail(tenant.key, row.id);
    expect(fresh).toMatchObject({ ...row, metadata: {}, tool_calls_count: 0, tool_call_count: 0 });

    await call(tenant.key, "POST", `/v1/sessions/${row.id}/execute`, { body: { tool: "codespar_list_tools" } });
    await call(tenant.key, "POST", `/v1/sessions/${row.id}/execute`, { body: { tool: "foo/bar" } });
    const after = await detail(tenant.key, row.id);
    expect(after.tool_calls_count).toBe(2);
    expect(after.tool_call_count).toBe(2);
  });
});

describe("closing", () => {
  it("DELETE answers 204, is idempotent and appends exactly one session_end", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, { servers: [] });
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/sessions/${row.id}`));
    const closed = await detail(tenant.key, row.id);
    expect(closed.status).toBe("closed");
    expect(IsoString.safeParse(closed.closed_at).success).toBe(true);

    await expectNoContent(await call(tenant.key, "DELETE", `/v1/sessions/${row.id}`));
    await expectNoContent(await call(tenant.key, "POST", `/v1/sessions/${row.id}/close`));
    const events = await readLog(tenant.projectId, row.id);
    expect(eventTypes(events)).toEqual(["session_init", "session_end"]);
    expect(events.at(-1)).toMatchObject({ type: "session_end", reason: "closed" });
    expect((await detail(tenant.key, row.id)).closed_at).toBe(closed.closed_at);
  });

  it("POST /close answers 204, is idempotent and appends exactly one session_end", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, { servers: [] });
    await call(tenant.key, "POST", `/v1/sessions/${row.id}/execute`, { body: { tool: "codespar_list_tools" } });
    await expectNoContent(await call(tenant.key, "POST", `/v1/sessions/${row.id}/close`));
    await expectNoContent(await call(tenant.key, "POST", `/v1/sessions/${row.id}/close`));
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/sessions/${row.id}`));
    const types = eventTypes(await readLog(tenant.projectId, row.id));
    expect(types.filter((type) => type === "session_end")).toHaveLength(1);
    expect(types.at(-1)).toBe("session_end");
  });

  it("is 404 for a session that does not exist", async () => {
    const tenant = await createTenant();
    await expectError(await call(tenant.key, "DELETE", "/v1/sessions/ses_doesnotexist000000"), 404, "session_not_found");
    await expectError(await call(tenant.key, "POST", "/v1/sessions/ses_doesnotexist000000/close"), 404, "session_not_found");
  });

  it("makes execute and send answer 409 session_closed, appending nothing", async () => {
    const tenant = await createTenant();
    const row = await create(tenant.key, { servers: [] });
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/sessions/${row.id}`));
    const logBefore = await readLog(tenant.projectId, row.id);
    const base = `/v1/sessions/${row.id}`;
    await expectError(await call(tenant.key, "POST", `${base}/execute`, { body: { tool: "codespar_list_tools" } }), 409, "session_closed");
    const json = { body: { message: "hello" }, headers: { accept: "application/json" } };
    await expectError(await call(tenant.key, "POST", `${base}/send`, json), 409, "session_closed");
    const sse = { body: { message: "hello" }, headers: { accept: "text/event-stream" } };
    await expectError(await call(tenant.key, "POST", `${base}/send`, sse), 409, "session_closed");
    expect(await readLog(tenant.projectId, row.id)).toEqual(logBefore);
    expect(eventTypes(logBefore)).toEqual(["session_init", "session_end"]);
    // Reads still work on a closed session.
    expect((await call(tenant.key, "GET", `${base}/logs`)).status).toBe(200);
    expect((await call(tenant.key, "GET", `${base}/connections`)).status).toBe(200);
  });

  it("shows the closed status in the listing", async () => {
    const tenant = await createTenant();
    const open = await create(tenant.key, { servers: [] });
    const closed = await create(tenant.key, { servers: [] });
    await expectNoContent(await call(tenant.key, "POST", `/v1/sessions/${closed.id}/close`));
    const list = await expectJson(await call(tenant.key, "GET", "/v1/sessions"), 200, SessionList);
    const byId = new Map(list.data.map((r) => [r.id, r]));
    expect(byId.get(open.id)?.status).toBe("active");
    expect(byId.get(closed.id)).toMatchObject({ status: "closed", closed_at: anyString() });
  });
});
