// No operator key reaches a tenant-chosen URL, proven with a listener on loopback: a gateway run as
// deployed (no loopback flag) holding operator keys refuses the tenant's base URL at create and
// PATCH, also when it arrives through a project default stored before the rule; on the shared
// gateway (loopback allowed) a project's own key goes to its base URL, never the operator's key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { Whoami } from "../../src/shared/schemas/tenancy";
import { SendResult } from "../../src/shared/schemas/tools";
import { api, apiJson } from "../helpers/e2e-api";
import { EXTRA_PROJECT_ID, startExtraGateway, type ExtraGateway } from "../helpers/e2e-extra-gateway";
import { startMockProvider, type MockProvider } from "../helpers/mock-providers/mock-server";
import { OPENAI_PATH, textStream } from "../helpers/mock-providers/openai-stream";

const OPERATOR_ANTHROPIC = "sk-ant-operator-secret-0001";
const OPERATOR_OPENAI = "sk-operator-secret-0002";
/** The shared gateway's operator OpenAI key (test/helpers/e2e-global-setup.ts). */
const SHARED_OPERATOR_OPENAI = "sk-e2e-not-a-real-key";
const USAGE = { promptTokens: 3, completionTokens: 2 };

let listener: MockProvider;
let gateway: ExtraGateway;

const sawSecret = (secret: string) => listener.requests.some((request) => JSON.stringify(request.headers).includes(secret));

beforeAll(async () => {
  listener = await startMockProvider({ path: OPENAI_PATH, replies: [{ kind: "stream", frames: textStream(["hi from the tenant's model"], USAGE) }] });
  const stale = JSON.stringify({ type: "managed", provider: "anthropic", base_url: listener.origin });
  gateway = await startExtraGateway({
    vars: { ALLOW_LOOPBACK_UPSTREAMS: "false", ANTHROPIC_API_KEY: OPERATOR_ANTHROPIC, OPENAI_API_KEY: OPERATOR_OPENAI },
    // A project default written before the rule existed, pointing the operator's key at the listener.
    sql: `INSERT INTO projects (id, org_id, name, slug, environment, is_default, created_at, default_runtime)
          SELECT 'prj_e2estale00000002', org_id, 'Stale', 'stale', 'test', 0, created_at, '${stale}' FROM projects WHERE id = '${EXTRA_PROJECT_ID}'`,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await listener?.close();
});

function extra(method: string, path: string, body: unknown, project?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${gateway.apiKey}`, "content-type": "application/json" };
  if (project) headers["x-codespar-project"] = project;
  return fetch(`${gateway.url}${path}`, { method, headers, body: JSON.stringify(body) });
}

describe("operator keys and tenant-chosen URLs", () => {
  it("refuses them before any traffic, on a gateway configured as deployed", async () => {
    for (const provider of ["anthropic", "openai"]) {
      const created = await extra("POST", "/v1/sessions", { servers: [], runtime: { type: "managed", provider, base_url: listener.origin } });
      expect(created.status).toBe(400);
      expect(await created.json()).toMatchObject({ code: "provider_url_not_allowed" });
      const patched = await extra("PATCH", `/v1/projects/${EXTRA_PROJECT_ID}`, { default_runtime: { type: "managed", provider, base_url: listener.origin } });
      expect(patched.status).toBe(400);
    }
    const viaDefault = await extra("POST", "/v1/sessions", { servers: [] }, "prj_e2estale00000002");
    expect(viaDefault.status).toBe(400);
    expect(await viaDefault.json()).toMatchObject({ code: "provider_url_not_allowed" });
    expect(listener.requests).toEqual([]);
  });

  it("sends a project's own key to its base URL, and never the operator's", async () => {
    const projectId = (await apiJson(Whoami, "GET", "/v1/whoami")).project.id;
    const ownKey = `sk-tenant-own-${Date.now()}`;
    expect((await api("PUT", `/v1/projects/${projectId}/provider-keys/openai`, { api_key: ownKey })).status).toBe(200);
    try {
      const session = await apiJson(SessionRow, "POST", "/v1/sessions", {
        servers: [],
        runtime: { type: "managed", provider: "openai", base_url: listener.origin },
      });
      const result = await apiJson(SendResult, "POST", `/v1/sessions/${session.id}/send`, { message: "hello" }, { accept: "application/json" });
      expect(result.message).toBe("hi from the tenant's model");
      expect(listener.requests).toHaveLength(1);
      expect(listener.requests[0]?.headers.authorization).toBe(`Bearer ${ownKey}`);
      for (const secret of [SHARED_OPERATOR_OPENAI, OPERATOR_OPENAI, OPERATOR_ANTHROPIC]) expect(sawSecret(secret)).toBe(false);
    } finally {
      await api("DELETE", `/v1/projects/${projectId}/provider-keys/openai`);
    }
  });
});
