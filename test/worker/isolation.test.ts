// Tenant isolation: another organization's sessions, projects and keys are 404; so is a session under another project.
import { describe, expect, it } from "vitest";
import { Project } from "../../src/shared/schemas/tenancy";
import { SessionDetail, SessionList } from "../../src/shared/schemas/sessions";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { readLog } from "../helpers/worker-log";

const SESSION_ROUTES = (id: string): [string, string, unknown][] => [
  ["GET", `/v1/sessions/${id}`, undefined],
  ["DELETE", `/v1/sessions/${id}`, undefined],
  ["POST", `/v1/sessions/${id}/close`, undefined],
  ["POST", `/v1/sessions/${id}/execute`, { tool: "codespar_list_tools", input: {} }],
  ["POST", `/v1/sessions/${id}/send`, { message: "hello" }],
  ["GET", `/v1/sessions/${id}/connections`, undefined],
  ["GET", `/v1/sessions/${id}/logs`, undefined],
];

describe("tenant isolation", () => {
  it("org A's key gets 404 for every route of org B's session, which stays untouched", async () => {
    const a = await createTenant("A");
    const b = await createTenant("B");
    const session = await createSession(b.key);
    const logBefore = await readLog(b.projectId, session.id);

    for (const [method, path, body] of SESSION_ROUTES(session.id)) {
      await expectError(await call(a.key, method, path, { body }), 404, "session_not_found");
    }
    const detail = await expectJson(await call(b.key, "GET", `/v1/sessions/${session.id}`), 200, SessionDetail);
    expect(detail.status).toBe("active");
    expect(detail.tool_calls_count).toBe(0);
    expect(await readLog(b.projectId, session.id)).toEqual(logBefore);

    const listed = await expectJson(await call(a.key, "GET", "/v1/sessions"), 200, SessionList);
    expect(listed.data.map((row) => row.id)).not.toContain(session.id);
  });

  it("org A's key gets 404 for org B's projects and keys", async () => {
    const a = await createTenant("A");
    const b = await createTenant("B");
    const bProject = await expectJson(await call(b.key, "POST", "/v1/projects", { body: { name: "B two" } }), 201, Project);
    await expectError(await call(a.key, "GET", `/v1/projects/${b.projectId}`), 404, "project_not_found");
    await expectError(await call(a.key, "DELETE", `/v1/projects/${bProject.id}`), 404, "project_not_found");
    await expectError(await call(a.key, "GET", "/v1/whoami", { project: bProject.id }), 404, "project_not_found");
    await expectError(await call(a.key, "DELETE", `/v1/api-keys/${b.keyId}`), 404, "api_key_not_found");

    expect((await call(b.key, "GET", `/v1/projects/${bProject.id}`)).status).toBe(200);
    expect((await call(b.key, "GET", "/v1/whoami")).status).toBe(200);
    const listed = await call(a.key, "GET", "/v1/projects");
    expect(await listed.text()).not.toContain(b.projectId);
  });

  it("a session created in project P1 is 404 when addressed with project P2 of the same org, and the reverse", async () => {
    const tenant = await createTenant();
    const p2 = await expectJson(await call(tenant.key, "POST", "/v1/projects", { body: { name: "P2" } }), 201, Project);
    const inP1 = await createSession(tenant.key);
    const inP2 = await createSession(tenant.key, { servers: [] }, p2.id);

    await expectError(await call(tenant.key, "GET", `/v1/sessions/${inP1.id}`, { project: p2.id }), 404, "session_not_found");
    await expectError(
      await call(tenant.key, "POST", `/v1/sessions/${inP1.id}/execute`, { project: p2.id, body: { tool: "codespar_list_tools" } }),
      404,
      "session_not_found",
    );
    await expectError(await call(tenant.key, "GET", `/v1/sessions/${inP2.id}`), 404, "session_not_found");
    expect((await call(tenant.key, "GET", `/v1/sessions/${inP1.id}`, { project: tenant.projectId })).status).toBe(200);
    expect((await call(tenant.key, "GET", `/v1/sessions/${inP2.id}`, { project: p2.id })).status).toBe(200);

    const p1List = await expectJson(await call(tenant.key, "GET", "/v1/sessions"), 200, SessionList);
    const p2List = await expectJson(await call(tenant.key, "GET", "/v1/sessions", { project: p2.id }), 200, SessionList);
    expect(p1List.data.map((row) => row.id)).toEqual([inP1.id]);
    expect(p2List.data.map((row) => row.id)).toEqual([inP2.id]);
  });

  it("a malformed session id is a plain 404", async () => {
    const tenant = await createTenant();
    await expectError(await call(tenant.key, "GET", "/v1/sessions/not-a-session"), 404, "session_not_found");
    await expectError(await call(tenant.key, "GET", "/v1/sessions/ses_0000000000000000000a"), 404, "session_not_found");
  });
});
