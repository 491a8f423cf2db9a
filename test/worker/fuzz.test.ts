// Input fuzz: every operation in /openapi.json, the Durable Streams routes and the session log get
// only invalid input (hostile ids, bodies, headers, queries); none may answer 5xx, every error is the
// flat {error, code, message} body, and afterwards nothing is stored that was not there before.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { MAX_JSON_DEPTH } from "../../src/middleware/json-depth";
import { TEST_ADMIN_TOKEN } from "../helpers/constants";
import { extremeProbes } from "../helpers/fuzz-extremes";
import { buildProbes, FUZZ_SEED, type Operation, type Probe, type Setup } from "../helpers/fuzz-plan";
import { JsonSchema } from "../helpers/fuzz-schema";
import { type FuzzTenant, storageCounts, streamHeads, tenantState } from "../helpers/fuzz-state";
import { call, createSession, createTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";
import { streamFetch, uniquePath } from "../helpers/worker-stream";

/** Requests in flight at once: enough to keep workerd busy, few enough for 2 shared cores. */
const CONCURRENCY = 6;
/** A fuzz request that has not answered by now is a hang (no route may wait on invalid input). */
const REQUEST_TIMEOUT_MS = 15_000;
/** The whole run's budget on a slow 2-core CI machine; a run here takes about 5 s (see the printed summary). */
const FUZZ_TIMEOUT_MS = 60_000;

const Doc = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), JsonSchema) }),
});
const OperationDoc = z.looseObject({
  parameters: z.array(z.looseObject({ name: z.string(), in: z.string(), schema: JsonSchema.optional() })).optional(),
  requestBody: z.looseObject({ content: z.record(z.string(), z.looseObject({ schema: JsonSchema })) }).optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
const FlatError = z.looseObject({ error: z.string(), code: z.string(), message: z.string() });
/** MCP's POST answers protocol errors as JSON-RPC (the spec's shape), not as the flat body. */
const JsonRpcError = z.looseObject({ jsonrpc: z.literal("2.0"), error: z.looseObject({ code: z.number(), message: z.string() }) });
/** An MCP answer that refuses the message: a JSON-RPC error (or a batch of them), 200 or 400 per the spec. */
function isJsonRpcRefusal(text: string): boolean {
  try {
    const body: unknown = JSON.parse(text);
    return (Array.isArray(body) ? body : [body]).every((reply) => JsonRpcError.safeParse(reply).success);
  } catch {
    return false;
  }
}
const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete"]);

async function fuzzTenant(name: string): Promise<FuzzTenant> {
  const tenant = await createTenant(name);
  const session = await createSession(tenant.key);
  const webhook = await call(tenant.key, "POST", "/v1/webhooks", { body: { url: "https://hooks.example.com/fuzz", secret: "fuzz-secret-0123456789" } });
  const server = await registerServer(tenant.key, { id: "fuzz-srv", url: "https://mcp.fuzz.invalid/mcp" });
  const share = await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body: { mode: "live" } });
  const streamPath = uniquePath("fuzz");
  const json = { "content-type": "application/json" };
  const put = await streamFetch(tenant.key, "PUT", streamPath, { headers: json, body: "[1]" });
  expect([webhook.status, server.status, share.status, put.status]).toEqual([201, 201, 201, 201]);
  return {
    ...tenant,
    sessionId: session.id,
    webhookId: z.object({ id: z.string() }).parse(await webhook.json()).id,
    serverId: "fuzz-srv",
    shareCode: z.object({ code: z.string() }).parse(await share.json()).code,
    streamPath,
  };
}

async function operations(): Promise<{ ops: Operation[]; schemas: Record<string, JsonSchema> }> {
  const doc = Doc.parse(await (await SELF.fetch("http://gateway.test/openapi.json")).json());
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const op = OperationDoc.parse(raw);
      const schemes = (op.security ?? []).flatMap((entry) => Object.keys(entry));
      ops.push({
        method: method.toUpperCase(),
        template,
        auth: schemes.includes("adminToken") ? "admin" : schemes.includes("bearerAuth") ? "bearer" : "none",
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content["application/json"]?.schema ?? null,
      });
    }
  }
  return { ops, schemas: doc.components.schemas };
}

/** Sends one probe; returns what was wrong with the answer, or null. */
async function send(probe: Probe): Promise<string | null> {
  const res = await SELF.fetch(`http://gateway.test${probe.path}`, {
    method: probe.method,
    headers: probe.headers,
    body: typeof probe.body === "function" ? probe.body() : probe.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch((error: unknown) => error);
  if (!(res instanceof Response)) return `no answer: ${String(res)}`;
  const text = await res.text();
  if (res.status >= 500) return `${res.status} ${text.slice(0, 200)}`;
  if (/\/mcp(\?|$)/.test(probe.path) && isJsonRpcRefusal(text)) return null;
  if (res.status < 400) return probe.mayAccept || probe.method === "GET" || probe.method === "HEAD" ? null : `accepted (${res.status}) ${text.slice(0, 120)}`;
  if (probe.method === "HEAD" || res.status === 204 || res.status === 304) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${res.status} body is not JSON: ${text.slice(0, 120)}`;
  }
  const flat = FlatError.safeParse(body);
  if (!flat.success || flat.data.error !== flat.data.code) return `${res.status} not the flat error body: ${text.slice(0, 160)}`;
  if (probe.expectCode && flat.data.code !== probe.expectCode) return `${res.status} ${flat.data.code}, expected ${probe.expectCode}`;
  return null;
}

async function runAll(probes: Probe[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++];
      if (!probe) break;
      const problem = await send(probe);
      if (problem) failures.push(`${probe.method} ${probe.path.slice(0, 120)} [${probe.label}]: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

describe("input fuzz", () => {
  it(
    "answers every invalid input below 500 with the flat error body, and stores nothing",
    async () => {
      const started = Date.now();
      const [a, b] = [await fuzzTenant("Fuzz A"), await fuzzTenant("Fuzz B")];
      const { ops, schemas } = await operations();
      const setup: Setup = { a, b, adminToken: TEST_ADMIN_TOKEN, maxBodyBytes: Number(env.MAX_BODY_BYTES), schemas };
      const { probes: planned, streamPaths } = buildProbes(ops, setup);
      // Deletes go last: should one be accepted by mistake, it cannot turn the rest of the run into 401s and 404s.
      const probes = [...planned.filter((p) => p.method !== "DELETE"), ...planned.filter((p) => p.method === "DELETE")];
      const before = {
        a: await tenantState(a, streamPaths),
        b: await tenantState(b, []),
        other: await streamHeads(a.key, [b.streamPath]),
        counts: await storageCounts(),
      };

      // The Worker's request log (one line per request) shares this isolate's console; thousands of lines help no one.
      const quiet = vi.spyOn(console, "log").mockImplementation(() => {});
      const failures = await runAll(probes).finally(() => quiet.mockRestore());

      const after = {
        a: await tenantState(a, streamPaths),
        b: await tenantState(b, []),
        other: await streamHeads(a.key, [b.streamPath]),
        counts: await storageCounts(),
      };
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `fuzz: seed ${FUZZ_SEED}, ${ops.length} operations, ${probes.length} requests, ${failures.length} failures, ${seconds} s (MAX_JSON_DEPTH ${MAX_JSON_DEPTH})`,
      );
      // 5xx and hangs first: they are what this test exists for.
      const severe = (line: string) => /\]: (5\d\d|no answer)/.test(line);
      const ordered = [...failures.filter(severe), ...failures.filter((line) => !severe(line))];
      expect.soft(ordered, ordered.slice(0, 60).join("\n")).toEqual([]);
      expect(after).toEqual(before);
    },
    FUZZ_TIMEOUT_MS,
  );

  it("answers valid but extreme values (largest integers, far dates, the depth bound) below 500", async () => {
    const tenant = await createTenant("Fuzz extremes");
    const source = uniquePath("extreme-source");
    expect((await streamFetch(tenant.key, "PUT", source, { headers: { "content-type": "application/json" }, body: "[1,2,3]" })).status).toBe(201);
    const probes = extremeProbes(tenant.key, source, uniquePath("extreme"));
    const failures: string[] = [];
    for (const probe of probes) {
      const problem = await send(probe);
      if (problem) failures.push(`${probe.method} ${probe.path.slice(0, 100)} [${probe.label}]: ${problem}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
