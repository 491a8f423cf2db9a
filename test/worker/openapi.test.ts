// The API description: /openapi.json is OpenAPI 3.1 listing every public route, and every listed route exists; /docs renders.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_CODE_NAMES } from "../../src/shared/error-codes";
import { call, createTenant } from "../helpers/worker-api";

/** Every public route, by hand from src/app.ts and src/routes/*.ts. */
const PUBLIC_ROUTES = [
  "POST /admin/organizations",
  "GET /v1/projects",
  "POST /v1/projects",
  "GET /v1/projects/{id}",
  "DELETE /v1/projects/{id}",
  "GET /v1/api-keys",
  "POST /v1/api-keys",
  "DELETE /v1/api-keys/{id}",
  "GET /v1/whoami",
  "POST /v1/sessions",
  "GET /v1/sessions",
  "GET /v1/sessions/{id}",
  "DELETE /v1/sessions/{id}",
  "POST /v1/sessions/{id}/close",
  "POST /v1/sessions/{id}/execute",
  "POST /v1/sessions/{id}/send",
  "GET /v1/sessions/{id}/connections",
  "GET /v1/sessions/{id}/logs",
  "POST /v1/sessions/{id}/proxy_execute",
  "POST /v1/sessions/{id}/mcp",
  "POST /v1/servers",
  "GET /v1/servers",
  "GET /v1/servers/{id}",
  "DELETE /v1/servers/{id}",
  "GET /v1/tools",
  "GET /v1/tools/{name}",
  "GET /v1/tools/{server}/{tool}",
  "POST /v1/connect/start",
  "GET /v1/connections",
  "POST /v1/connections",
  "GET /v1/connections/{id}",
  "POST /v1/connections/{id}/revoke",
  "GET /api/connect/{token}",
  "POST /api/connect/{token}",
  "GET /v1/meta-tools",
  "GET /v1/meta-tools/{name}",
  "PUT /v1/meta-tools/{name}",
  "DELETE /v1/meta-tools/{name}",
  "POST /v1/triggers",
  "GET /v1/triggers",
  "GET /v1/triggers/{id}",
  "DELETE /v1/triggers/{id}",
  "GET /v1/tool-calls/{id}/payment-status",
  "GET /v1/tool-calls/{id}/verification-status",
  "GET /v1/tool-calls/{id}/payment-status/stream",
  "GET /v1/tool-calls/{id}/verification-status/stream",
  "GET /v1/logs/stream",
  "POST /v1/webhooks/inbound/{server_id}/{connection_id}",
];

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete"]);
const Operation = z.looseObject({ responses: z.record(z.string(), z.unknown()) });
const Document = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ securitySchemes: z.record(z.string(), z.unknown()) }),
});

async function openapi() {
  const res = await SELF.fetch("http://gateway.test/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return Document.parse(await res.json());
}

function operations(doc: z.output<typeof Document>): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => HTTP_METHODS.has(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe("OpenAPI", () => {
  it("is an OpenAPI 3.1 document without auth", async () => {
    const doc = await openapi();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title.length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(["bearerAuth", "adminToken"]));
  });

  it("contains every public route, each with documented responses", async () => {
    const doc = await openapi();
    const listed = operations(doc);
    expect(listed).toEqual(expect.arrayContaining(PUBLIC_ROUTES));
    for (const route of PUBLIC_ROUTES) {
      const [method = "", path = ""] = route.split(" ");
      const operation = Operation.parse(doc.paths[path]?.[method.toLowerCase()]);
      expect(Object.keys(operation.responses).length, route).toBeGreaterThan(0);
    }
  });

  it("lists only routes that exist (none answers the router's not_found)", async () => {
    const tenant = await createTenant();
    const doc = await openapi();
    for (const route of operations(doc)) {
      const [method = "", path = ""] = route.split(" ");
      const concrete = path.replace(/\{[^}]+\}/g, "ses_0000000000000000000x");
      const res = await call(tenant.key, method, concrete, { body: method === "GET" || method === "DELETE" ? undefined : {} });
      const body = z.looseObject({ code: z.string().optional() }).parse(await res.json().catch(() => ({})));
      expect(body.code, route).not.toBe("not_found");
    }
  });

  it("documents the error body as the flat {error, code, message} shape", async () => {
    const doc = await openapi();
    const schemas = z.looseObject({ schemas: z.record(z.string(), z.looseObject({ required: z.array(z.string()).optional() })) });
    const error = schemas.parse(doc.components).schemas.Error;
    expect(error?.required).toEqual(expect.arrayContaining(["error", "code", "message"]));
  });
});

describe("the error catalogue", () => {
  it("is in the document: every code, with its statuses and meaning", async () => {
    const doc = await openapi();
    const schemas = z.looseObject({
      schemas: z.record(z.string(), z.looseObject({ enum: z.array(z.string()).optional(), description: z.string().optional() })),
    });
    const listed = schemas.parse(doc.components).schemas.ErrorCode;
    expect(listed?.enum).toEqual([...ERROR_CODE_NAMES]);
    expect(listed?.enum).toEqual(expect.arrayContaining(["session_not_found", "insufficient_scope", "json_too_deep", "provider_url_not_allowed"]));
    for (const code of ERROR_CODE_NAMES) expect(listed?.description).toContain(`\`${code}\``);
  });
});

describe("/docs", () => {
  it("renders an HTML API reference that points at /openapi.json", async () => {
    const res = await SELF.fetch("http://gateway.test/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html/i);
    expect(html).toContain("/openapi.json");
  });
});
