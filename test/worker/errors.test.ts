// The error paths: flat {error, code, message} bodies with X-Request-Id, invalid JSON, validation, body limit, 404, 401.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SessionDetail, SessionRow } from "../../src/shared/schemas/sessions";
import { Whoami } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { anyString } from "../helpers/matchers";

const BASE = "http://gateway.test";

/** A session-create body of exactly `bytes` bytes (ASCII), padded through the ignored-by-the-index metadata. */
function bodyOfSize(bytes: number): string {
  const shell = JSON.stringify({ servers: [], metadata: { pad: "" } });
  return shell.replace('"pad":""', `"pad":"${"x".repeat(bytes - shell.length)}"`);
}

describe("error bodies", () => {
  it("are flat, carry the code twice and a distinct request id header", async () => {
    const tenant = await createTenant();
    const cases: [Response, number, string][] = [
      [await SELF.fetch(`${BASE}/v1/whoami`), 401, "unauthorized"],
      [await call(tenant.key, "GET", "/v1/nope"), 404, "not_found"],
      [await call(tenant.key, "POST", "/v1/sessions", { body: "{" }), 400, "invalid_json"],
      [await call(tenant.key, "GET", "/v1/sessions/ses_missing"), 404, "session_not_found"],
    ];
    const ids = new Set<string | null>();
    for (const [res, status, code] of cases) {
      const body = await expectError(res, status, code);
      expect(Object.keys(body).sort()).toEqual(["code", "error", "message"]);
      ids.add(res.headers.get("x-request-id"));
    }
    expect(ids.size).toBe(cases.length);
  });
});

describe("input errors", () => {
  it("answers 400 invalid_json for a body that is not JSON", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    await expectError(await call(tenant.key, "POST", "/v1/sessions", { body: "{servers: []" }), 400, "invalid_json");
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: "nope" }), 400, "invalid_json");
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: '{"message":' }), 400, "invalid_json");
  });

  it("answers 400 validation_failed with issues for a body that fails the schema", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const bad = await expectError(await call(tenant.key, "POST", "/v1/sessions", { body: { servers: "asaas" } }), 400, "validation_failed");
    expect(bad.issues?.length).toBeGreaterThan(0);
    expect(bad.issues?.[0]).toMatchObject({ path: "servers", message: anyString() });
    const noTool = await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: {} }), 400, "validation_failed");
    expect(noTool.issues?.map((issue) => issue.path)).toContain("tool");
    const noMessage = await expectError(await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "" } }), 400, "validation_failed");
    expect(noMessage.issues?.map((issue) => issue.path)).toContain("message");
    const query = await expectError(await call(tenant.key, "GET", "/v1/sessions?status=open"), 400, "validation_failed");
    expect(query.issues?.map((issue) => issue.path)).toContain("status");
  });

  it("answers 413 for a body over MAX_BODY_BYTES, and accepts one exactly at the limit", async () => {
    const limit = Number(env.MAX_BODY_BYTES);
    expect(limit).toBe(1_048_576);
    const tenant = await createTenant();
    await expectError(await call(tenant.key, "POST", "/v1/sessions", { body: bodyOfSize(limit + 1) }), 413, "payload_too_large");
    await expectJson(await call(tenant.key, "POST", "/v1/sessions", { body: bodyOfSize(limit) }), 201, SessionRow);
    // The limit holds before authentication too.
    await expectError(await call("csk_test_unknown", "POST", "/v1/sessions", { body: bodyOfSize(limit + 1) }), 413, "payload_too_large");
  });

  it("answers 413 for a streamed body without Content-Length that grows over the limit", async () => {
    const tenant = await createTenant();
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > Number(env.MAX_BODY_BYTES)) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await SELF.fetch(`${BASE}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
      body,
    });
    await expectError(res, 413, "payload_too_large");
  });
});

describe("content type", () => {
  it("answers 415 for a body sent without a JSON content type, and accepts a charset parameter", async () => {
    const tenant = await createTenant();
    const body = JSON.stringify({ servers: [] });
    const post = (headers: Record<string, string>) =>
      SELF.fetch(`${BASE}/v1/sessions`, { method: "POST", headers: { authorization: `Bearer ${tenant.key}`, ...headers }, body });
    await expectError(await post({}), 415, "unsupported_media_type");
    await expectError(await post({ "content-type": "text/plain" }), 415, "unsupported_media_type");
    await expectJson(await post({ "content-type": "application/json; charset=utf-8" }), 201, SessionRow);
  });
});

describe("routing and auth errors", () => {
  it("answers unknown routes with a 404 JSON body", async () => {
    const tenant = await createTenant();
    await expectError(await SELF.fetch(`${BASE}/nope`), 404, "not_found");
    await expectError(await call(tenant.key, "GET", "/v1/nope"), 404, "not_found");
    await expectError(await call(tenant.key, "PUT", "/v1/sessions"), 404, "not_found");
  });

  it("answers 401 unauthorized for a missing, malformed or unknown key", async () => {
    await expectError(await SELF.fetch(`${BASE}/v1/sessions`), 401, "unauthorized");
    await expectError(await call("csk_test_0123456789abcdefghijklmnopqrstuv", "GET", "/v1/sessions"), 401, "unauthorized");
    const headers = [{ authorization: "Bearer not-a-csk-key" }, { authorization: "Basic Zm9vOmJhcg==" }, { authorization: "Bearer " }];
    for (const h of headers) await expectError(await SELF.fetch(`${BASE}/v1/whoami`, { headers: h }), 401, "unauthorized");
  });
});

describe("client quirks", () => {
  it("routes //v1/... like /v1/...", async () => {
    const tenant = await createTenant();
    expect((await expectJson(await call(tenant.key, "GET", "//v1/whoami"), 200, Whoami)).project.id).toBe(tenant.projectId);
    const created = await expectJson(await call(tenant.key, "POST", "//v1/sessions", { body: { servers: [] } }), 201, SessionRow);
    await expectJson(await call(tenant.key, "GET", `//v1/sessions/${created.id}`), 200, SessionDetail);
    await expectNoContent(await call(tenant.key, "DELETE", `//v1/sessions/${created.id}`));
  });

  it("answers a CORS preflight without a key, allowing the headers the SDKs send", async () => {
    const res = await SELF.fetch(`${BASE}/v1/sessions`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-codespar-project",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase().split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-codespar-project"]),
    );
    expect(res.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-request-id");
  });

  it("accepts Content-Type: application/json on GET and DELETE without a body", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const headers = { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" };
    expect((await SELF.fetch(`${BASE}/v1/sessions`, { headers })).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/v1/sessions/${session.id}`, { headers })).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/v1/sessions/${session.id}/logs`, { headers })).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/v1/api-keys`, { headers })).status).toBe(200);
    await expectNoContent(await SELF.fetch(`${BASE}/v1/sessions/${session.id}`, { method: "DELETE", headers }));
    await expectNoContent(await SELF.fetch(`${BASE}/v1/sessions/${session.id}/close`, { method: "POST", headers }));
  });
});
