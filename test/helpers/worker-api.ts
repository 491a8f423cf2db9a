// In-runtime test helpers: talk to the Worker through SELF exactly as clients do over HTTP.
import { SELF } from "cloudflare:test";
import { TEST_ADMIN_TOKEN } from "./constants";

export interface TestTenant {
  orgId: string;
  projectId: string;
  key: string;
  keyId: string;
}

export async function createTenant(name = "Acme", environment: "live" | "test" = "test"): Promise<TestTenant> {
  const res = await SELF.fetch("http://gateway.test/admin/organizations", {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name, environment }),
  });
  if (res.status !== 201) throw new Error(`createTenant: ${res.status} ${await res.text()}`);
  const body = await res.json<{ organization: { id: string }; project: { id: string }; api_key: { id: string; full_key: string } }>();
  return { orgId: body.organization.id, projectId: body.project.id, key: body.api_key.full_key, keyId: body.api_key.id };
}

/** The operator opens another environment of a tenant's organization (POST /admin/organizations/:id/api-keys). */
export async function createEnvironmentKey(
  orgId: string,
  environment: "live" | "test",
  scopes?: string[],
): Promise<{ key: string; keyId: string; projectId: string }> {
  const res = await SELF.fetch(`http://gateway.test/admin/organizations/${orgId}/api-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: `${environment} key`, environment, scopes }),
  });
  if (res.status !== 201) throw new Error(`createEnvironmentKey: ${res.status} ${await res.text()}`);
  const body = await res.json<{ project: { id: string }; api_key: { id: string; full_key: string } }>();
  return { key: body.api_key.full_key, keyId: body.api_key.id, projectId: body.project.id };
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  project?: string;
}

/** A call with the tenant's key; the SDKs send Content-Type: application/json on every call, so do we. */
export function call(key: string, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json", ...options.headers };
  if (options.project) headers["x-codespar-project"] = options.project;
  return SELF.fetch(`http://gateway.test${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
}

export async function createSession(key: string, body: unknown = { servers: [] }, project?: string): Promise<{ id: string; status: string }> {
  const res = await call(key, "POST", "/v1/sessions", { body, project });
  if (res.status !== 201) throw new Error(`createSession: ${res.status} ${await res.text()}`);
  return res.json();
}
