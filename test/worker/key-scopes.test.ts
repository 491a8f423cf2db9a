// Key scopes, route by route: the matrix (test and live keys x every /v1 operation in /openapi.json)
// checks that the scope each operation declares is the one it enforces; then stream prefixes,
// whoami, and that no key can mint a key with more power than itself.
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RESOURCES } from "../../src/shared/scopes";
import { ApiKeyCreated, ApiKeyList, Whoami } from "../../src/shared/schemas/tenancy";
import { expectError, expectJson, FlatError } from "../helpers/worker-assert";
import { call, createTenant, type TestTenant } from "../helpers/worker-api";

const NAMED_SCOPES = [...RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`]), "streams:read", "streams:append", "streams:write"];
const HTTP_METHODS = ["get", "post", "put", "patch", "delete"];
const Operation = z.looseObject({ security: z.array(z.record(z.string(), z.array(z.string()))).optional() });
const Document = z.looseObject({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

interface Route {
  method: string;
  path: string;
  scope: string | null;
}

async function routes(): Promise<Route[]> {
  const doc = Document.parse(await (await SELF.fetch("http://gateway.test/openapi.json")).json());
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method) && path.startsWith("/v1/"))
      .map(([method, operation]) => {
        const bearer = Operation.parse(operation).security?.find((requirement) => "bearerAuth" in requirement)?.bearerAuth ?? [];
        return { method: method.toUpperCase(), path, scope: bearer[0] ?? null };
      }),
  );
}

const createKey = (key: string, body: unknown) => call(key, "POST", "/v1/api-keys", { body });

async function keyWith(tenant: TestTenant, scopes: string[]): Promise<string> {
  return (await expectJson(await createKey(tenant.key, { name: "scoped", scopes }), 201, ApiKeyCreated)).full_key;
}

/** Every named scope except `scope` and the write scope that would include it. */
const allBut = (scope: string) => NAMED_SCOPES.filter((s) => s !== scope && s !== scope.replace(/:read$/, ":write"));

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "ses_0000000000000000000x");
const requestTo = (key: string, route: Route) =>
  call(key, route.method, concrete(route.path), { body: route.method === "GET" || route.method === "DELETE" ? undefined : {} });

describe("the scope matrix", () => {
  let all: Route[] = [];
  beforeAll(async () => {
    all = await routes();
  });

  it("every /v1 operation but whoami declares one known scope", () => {
    expect(all.length).toBeGreaterThan(40);
    for (const route of all) {
      if (route.path === "/v1/whoami") expect(route.scope, "whoami needs only a valid key").toBeNull();
      else if (route.path.startsWith("/v1/webhooks/inbound/")) expect(route.scope, "inbound webhooks are signed, not keyed").toBeNull();
      else expect(NAMED_SCOPES, `${route.method} ${route.path}`).toContain(route.scope);
    }
  });

  for (const environment of ["test", "live"] as const) {
    it(`${environment} keys: each operation refuses a key lacking its scope and admits one holding only it`, async () => {
      const tenant = await createTenant(`Scopes ${environment}`, environment);
      const keys = new Map<string, { only: string; without: string }>();
      for (const scope of new Set(all.map((r) => r.scope).filter((s): s is string => s !== null))) {
        keys.set(scope, { only: await keyWith(tenant, [scope]), without: await keyWith(tenant, allBut(scope)) });
      }
      for (const route of all) {
        if (!route.scope) continue;
        const name = `${environment} ${route.method} ${route.path}`;
        const pair = keys.get(route.scope);
        if (!pair) throw new Error(`no keys for ${route.scope}`);
        const refused = await expectError(await requestTo(pair.without, route), 403, "insufficient_scope");
        expect(refused.message, name).toContain(route.scope);
        const admitted = await requestTo(pair.only, route);
        const body = await admitted.text();
        expect([401, 403].includes(admitted.status) && body.includes("insufficient_scope"), `${name}: ${admitted.status} ${body}`).toBe(false);
        expect(admitted.status, name).toBeLessThan(500);
      }
    });
  }

  it("a full-access key from before scopes keeps every right in its environment", async () => {
    const tenant = await createTenant();
    for (const route of all) {
      const res = await requestTo(tenant.key, route);
      expect(res.status === 403 && (await res.text()).includes("insufficient_scope"), `${route.method} ${route.path}`).toBe(false);
    }
  });
});

describe("stream scopes", () => {
  const stream = (key: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    SELF.fetch(`http://gateway.test/v1/stream/${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body,
    });

  it("limits read, append and write to their levels and to the key's path prefix", async () => {
    const tenant = await createTenant();
    const writer = await keyWith(tenant, ["streams:append:asp/"]);
    const reader = await keyWith(tenant, ["streams:read:asp/"]);

    expect((await stream(writer, "PUT", "asp/one")).status).toBe(201);
    expect((await stream(writer, "POST", "asp/one", {}, JSON.stringify({ n: 1 }))).ok).toBe(true);
    await expectError(await stream(writer, "PUT", "other/one"), 403, "insufficient_scope");
    await expectError(await stream(writer, "GET", "asp/one?offset=-1"), 403, "insufficient_scope");
    await expectError(await stream(writer, "DELETE", "asp/one"), 403, "insufficient_scope");

    const read = await stream(reader, "GET", "asp/one?offset=-1");
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual([{ n: 1 }]);
    expect((await stream(reader, "HEAD", "asp/one")).status).toBe(200);
    await expectError(await stream(reader, "POST", "asp/one", {}, JSON.stringify({ n: 2 })), 403, "insufficient_scope");
    expect((await stream(tenant.key, "PUT", "private/notes")).status).toBe(201);
    await expectError(await stream(reader, "GET", "private/notes?offset=-1"), 403, "insufficient_scope");
    // A scoped key reaches nothing but its streams.
    await expectError(await call(reader, "GET", "/v1/sessions"), 403, "insufficient_scope");
    await expectError(await call(writer, "POST", "/v1/sessions", { body: { servers: [] } }), 403, "insufficient_scope");
  });

  it("a fork needs read access to its source", async () => {
    const tenant = await createTenant();
    expect((await stream(tenant.key, "PUT", "private/source")).status).toBe(201);
    const both = await keyWith(tenant, ["streams:append:asp/", "streams:read:asp/"]);
    await expectError(await stream(both, "PUT", "asp/fork", { "stream-forked-from": "/v1/stream/private/source" }), 403, "insufficient_scope");
    expect((await stream(tenant.key, "PUT", "asp/source")).status).toBe(201);
    expect((await stream(both, "PUT", "asp/fork", { "stream-forked-from": "/v1/stream/asp/source" })).status).toBe(201);
  });

  it("streams:write deletes, and includes append and read", async () => {
    const tenant = await createTenant();
    const owner = await keyWith(tenant, ["streams:write:tmp/"]);
    expect((await stream(owner, "PUT", "tmp/x")).status).toBe(201);
    expect((await stream(owner, "GET", "tmp/x?offset=-1")).status).toBe(200);
    expect((await stream(owner, "DELETE", "tmp/x")).status).toBe(204);
  });
});

describe("minting keys", () => {
  it("a new key gets the caller's scopes by default, and whoami and the listing report them", async () => {
    const tenant = await createTenant();
    const narrow = await keyWith(tenant, ["sessions:read", "keys:write"]);
    const child = await expectJson(await createKey(narrow, { name: "child" }), 201, ApiKeyCreated);
    expect(child.scopes).toEqual(["sessions:read", "keys:write"]);
    const me = await expectJson(await call(child.full_key, "GET", "/v1/whoami"), 200, Whoami);
    expect(me.key.scopes).toEqual(["sessions:read", "keys:write"]);
    expect((await expectJson(await call(tenant.key, "GET", "/v1/whoami"), 200, Whoami)).key.scopes).toEqual(["*"]);
    const listed = await expectJson(await call(tenant.key, "GET", "/v1/api-keys"), 200, ApiKeyList);
    expect(listed.keys.find((k) => k.id === child.id)?.scopes).toEqual(["sessions:read", "keys:write"]);
  });

  it("never grants more than the caller holds", async () => {
    const tenant = await createTenant();
    const narrow = await keyWith(tenant, ["sessions:read", "keys:write", "streams:read:asp/"]);
    for (const scopes of [["sessions:write"], ["*"], ["streams:read"], ["streams:read:other/"], ["keys:write", "servers:read"], ["streams:append:asp/"]]) {
      const body = await expectError(await createKey(narrow, { name: "escalate", scopes }), 403, "insufficient_scope");
      expect(body.message).toContain("cannot grant more than it holds");
    }
    for (const scopes of [["sessions:read"], ["streams:read:asp/sub/"], ["keys:write"]]) {
      expect((await createKey(narrow, { name: "narrower", scopes })).status).toBe(201);
    }
    const writer = await keyWith(tenant, ["sessions:write", "keys:write"]);
    expect((await createKey(writer, { name: "read only", scopes: ["sessions:read"] })).status, "write includes read").toBe(201);
  });

  it("revokes only keys it covers (itself included), never a more powerful one", async () => {
    const tenant = await createTenant();
    const manager = await expectJson(await createKey(tenant.key, { name: "manager", scopes: ["keys:write", "sessions:read"] }), 201, ApiKeyCreated);
    const peer = await expectJson(await createKey(tenant.key, { name: "peer", scopes: ["sessions:read"] }), 201, ApiKeyCreated);
    const body = await expectError(await call(manager.full_key, "DELETE", `/v1/api-keys/${tenant.keyId}`), 403, "insufficient_scope");
    expect(body.message).toContain("revoke a key with more power than itself");
    expect((await call(tenant.key, "GET", "/v1/whoami")).status).toBe(200);
    expect((await call(manager.full_key, "DELETE", `/v1/api-keys/${peer.id}`)).status).toBe(204);
    expect((await call(peer.full_key, "GET", "/v1/whoami")).status).toBe(401);
    expect((await call(manager.full_key, "DELETE", `/v1/api-keys/${manager.id}`)).status).toBe(204);
  });

  it("refuses malformed scopes and keys without keys:write", async () => {
    const tenant = await createTenant();
    for (const scopes of [[], ["sessions"], ["sessions:delete"], ["streams:read:"], ["streams:read:a b"], ["bogus:read"], ["sessions:read:x"]]) {
      const res = await createKey(tenant.key, { name: "bad", scopes });
      expect(res.status, JSON.stringify(scopes)).toBe(400);
      FlatError.parse(await res.json());
    }
    const reader = await keyWith(tenant, ["keys:read"]);
    await expectError(await createKey(reader, { name: "x" }), 403, "insufficient_scope");
    expect((await call(reader, "GET", "/v1/api-keys")).status).toBe(200);
  });
});
