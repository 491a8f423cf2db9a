// The fuzz's request plan, built deterministically from FUZZ_SEED: for each OpenAPI operation and
// the Durable Streams routes, requests that pair each hostile value with a fault that makes the
// request invalid (bad auth, a body the schema refuses, an id that names nothing), so none may store.
import { ForkSubOffset, StreamExpiresAt, StreamOffset, StreamTtl } from "../../src/shared/schemas/streams";
import {
  DEEP_BODIES,
  DEEP_TOTALS,
  deepValue,
  HOSTILE_FORK_SOURCES,
  HOSTILE_HEADER_VALUES,
  HOSTILE_QUERIES,
  HOSTILE_READ_QUERIES,
  hostileAuthHeaders,
  hostileIds,
  JSON_CONTENT_TYPES,
  malformedJson,
  NON_ASCII_HEADER_VALUE,
  NON_JSON_CONTENT_TYPES,
  Rng,
} from "./fuzz-inputs";
import { bodyWithField, fieldShapes, type JsonSchema, mutations, plausible, wrongValues } from "./fuzz-schema";
import type { FuzzTenant } from "./fuzz-state";

export const FUZZ_SEED = 20_261_202;

export interface Operation {
  method: string;
  template: string;
  auth: "admin" | "bearer" | "none";
  query: { name: string; schema: JsonSchema }[];
  body: JsonSchema | null;
}

export interface Probe {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** A function makes a fresh stream per send (a body without Content-Length). */
  body?: string | Uint8Array | (() => ReadableStream<Uint8Array>);
  expectCode?: string;
  /** Valid-but-extreme input (fuzz-extremes.ts): a 2xx is fine, only 5xx and unshaped errors fail. */
  mayAccept?: boolean;
}

export interface Setup {
  a: FuzzTenant;
  b: FuzzTenant;
  adminToken: string;
  maxBodyBytes: number;
  schemas: Record<string, JsonSchema>;
}

/**
 * Operations that read their body whatever its content type, with where a value goes in a body they
 * act on: MCP parses the text as JSON-RPC itself and passes a tools/call's arguments to the session.
 */
const TEXT_BODY_OPERATIONS = new Map<string, (value: string) => string>([
  ["POST /v1/sessions/{id}/mcp", (value) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"fuzz","arguments":{"deep":${value}}}}`],
]);
/** Operations that read Producer-* headers, with a body they accept, so the headers are what gets refused. */
const PRODUCER_OPERATIONS = new Map([["POST /v1/sessions/{id}/agent/events", '{"type":"compaction"}']]);
/** How deep a TEXT_BODY_OPERATIONS wrapper places its value (body, params, arguments). */
const TEXT_BODY_ENCLOSING_LEVELS = 3;
/** Operations that also get an oversized body without Content-Length (read to the limit, then refused). */
const STREAMED_OVERSIZE_OPERATIONS = new Set(["POST /v1/sessions", "POST /v1/sessions/{id}/agent/events"]);
/** Hostile stream paths past the first get this many of the PUT faults each (the first gets all). */
const STREAM_FAULTS_PER_PATH = 8;
const CHUNK_BYTES = 64 * 1024;
/** The gateway's longest stream path (src/lib/streams/request.ts). */
const MAX_STREAM_PATH_CHARS = 1_024;

const JSON_TYPE = { "content-type": "application/json" };

/** The tenant's real value for a path parameter; parameters naming nothing it owns get a plausible id. */
function realSegment(t: FuzzTenant, template: string, param: string): string {
  switch (`${template.split("/")[2]}:${param}`) {
    case "organizations:id":
      return t.orgId;
    case "projects:id":
      return t.projectId;
    case "api-keys:id":
      return t.keyId;
    case "webhooks:id":
      return t.webhookId;
    case "sessions:id":
      return t.sessionId;
    case "servers:id":
    case "tools:server":
      return t.serverId;
    case "tools:name":
      return `${t.serverId}%2Ffuzz_tool`;
    case "shares:code":
      return t.shareCode;
    default:
      return `${param}_fuzz_${t.keyId.slice(-8)}`;
  }
}

const adminHeaders = (authorization: string): Record<string, string> => (authorization === "" ? {} : { authorization });

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "x");

const encodeQueryValue = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80"; // a lone surrogate, which encodeURIComponent refuses, sent as its UTF-8 bytes
  }
};

/** An oversized body without Content-Length: `bytes` bytes of "x" in chunks. */
const streamedBody = (bytes: number) => () => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(CHUNK_BYTES, bytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x78));
    },
  });
};

function operationProbes(op: Operation, setup: Setup, rng: Rng, oversized: string): Probe[] {
  const { a, b, adminToken } = setup;
  const resolve = (ref: string) => setup.schemas[ref.split("/").pop() ?? ""] ?? {};
  const name = `${op.method} ${op.template}`;
  const params = [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  const real = Object.fromEntries(params.map((p) => [p, realSegment(a, op.template, p)]));
  const realPath = fill(op.template, real);
  const auth: Record<string, string> =
    op.auth === "admin" ? { authorization: `Bearer ${adminToken}` } : op.auth === "bearer" ? { authorization: `Bearer ${a.key}` } : {};
  const canHaveBody = op.method !== "GET" && op.method !== "HEAD";
  const textBody = TEXT_BODY_OPERATIONS.get(name);
  const readsBody = op.body !== null || textBody !== undefined;
  const base = op.body ? JSON.stringify(plausible(op.body, resolve)) : "{}";
  const out: Probe[] = [];
  const add = (label: string, path: string, headers: Record<string, string>, body?: Probe["body"], expectCode?: string) =>
    out.push({ label, method: op.method, path, headers, body: canHaveBody ? body : undefined, expectCode });
  const withType = (type: string | null) => (type === null ? { ...auth } : { ...auth, "content-type": type });

  // Callers that may not call: every answer is 401/400/404 from auth, whatever the body.
  const badCallers: { label: string; headers: Record<string, string> }[] =
    op.auth === "bearer"
      ? hostileAuthHeaders(a.key, b.projectId, rng)
      : op.auth === "admin"
        ? ["", "Bearer wrong", `Bearer ${a.key}`, `Bearer ${adminToken}x`, adminToken].map((value, i) => ({
            label: `admin caller ${i}`,
            headers: adminHeaders(value),
          }))
        : [];
  for (const caller of badCallers) add(`auth: ${caller.label}`, realPath, { ...JSON_TYPE, ...caller.headers }, base);

  if (canHaveBody) {
    // Faults every body has everywhere: too deep (in any JSON spelling) or too large.
    const deepBodies = readsBody ? DEEP_BODIES : DEEP_BODIES.slice(0, 2);
    deepBodies.forEach((deep, i) =>
      add(`deep body: ${deep.label}`, realPath, withType(JSON_CONTENT_TYPES[i % JSON_CONTENT_TYPES.length] ?? null), deep.text, "json_too_deep"),
    );
    add("oversized JSON", realPath, withType("application/json"), oversized, "payload_too_large");
    add("oversized text", realPath, withType("text/plain"), oversized, "payload_too_large");
    if (STREAMED_OVERSIZE_OPERATIONS.has(name))
      add("oversized, no Content-Length", realPath, withType("application/json"), streamedBody(setup.maxBodyBytes + 1), "payload_too_large");
  }

  if (readsBody && canHaveBody) {
    if (op.body) {
      for (const m of mutations(op.body, resolve)) add(`wrong: ${m.label}`, realPath, withType("application/json"), m.text);
      for (const { name: field, shape } of fieldShapes(op.body, resolve)) {
        for (const total of DEEP_TOTALS)
          add(
            `deep ${field}: ${total} levels`,
            realPath,
            withType(rng.pick(JSON_CONTENT_TYPES)),
            bodyWithField(op.body, resolve, field, deepValue(total, 1, shape)),
            "json_too_deep",
          );
      }
    }
    for (const bad of malformedJson(base)) add(`malformed: ${bad.label}`, realPath, withType("application/json"), bad.body);
    const deepText = (total: number) =>
      textBody ? textBody(deepValue(total, TEXT_BODY_ENCLOSING_LEVELS, "scalar")) : bodyWithField({}, resolve, "deep", deepValue(total, 1, "scalar"));
    if (textBody)
      for (const total of DEEP_TOTALS) add(`deep in body: ${total} levels`, realPath, withType(rng.pick(JSON_CONTENT_TYPES)), deepText(total), "json_too_deep");
    for (const type of NON_JSON_CONTENT_TYPES) {
      // A route with a body schema refuses these (415); MCP answers a JSON-RPC error, since "{}" is no message.
      add(`content type ${type}`, realPath, withType(type), base);
      if (type === null || type === "text/plain") {
        for (const total of DEEP_TOTALS) add(`deep as ${type}: ${total} levels`, realPath, withType(type), deepText(total));
      }
    }
  }

  const accepted = PRODUCER_OPERATIONS.get(name);
  if (accepted !== undefined) {
    for (const v of HOSTILE_HEADER_VALUES) {
      add(`Producer-Epoch ${v.slice(0, 20)}`, realPath, { ...auth, ...JSON_TYPE, "Producer-Id": "p", "Producer-Epoch": v, "Producer-Seq": "0" }, accepted);
      add(`Producer-Seq ${v.slice(0, 20)}`, realPath, { ...auth, ...JSON_TYPE, "Producer-Id": "p", "Producer-Epoch": "0", "Producer-Seq": v }, accepted);
    }
    add("Producer-Id alone", realPath, { ...auth, ...JSON_TYPE, "Producer-Id": "p" }, accepted, "invalid_producer_headers");
  }

  // Ids that name nothing of this tenant's: hostile strings and the other tenant's real ids.
  for (const param of params) {
    const foreign = realSegment(b, op.template, param);
    // Only a key's calls belong to a tenant: the admin API spans organizations and a share code is its own credential.
    const tenantScoped = op.auth === "bearer" && foreign !== real[param];
    const ids = [...hostileIds(rng), ...(tenantScoped ? [{ label: "other tenant's", segment: foreign }] : [])];
    for (const id of ids) {
      const query = op.method === "GET" && rng.next() < 0.5 ? `?${rng.pick(HOSTILE_QUERIES)}` : "";
      add(`${param}: ${id.label}${query ? " + query" : ""}`, `${fill(op.template, { ...real, [param]: id.segment })}${query}`, { ...auth, ...JSON_TYPE }, base);
    }
  }

  // Query strings: only GETs, which store nothing even when a query turns out valid.
  if (op.method === "GET") {
    for (const query of HOSTILE_QUERIES) add(`query: ${query.slice(0, 30)}`, `${realPath}?${query}`, auth);
    if (op.template.endsWith("/events")) for (const query of HOSTILE_READ_QUERIES) add(`read query: ${query.slice(0, 30)}`, `${realPath}?${query}`, auth);
    for (const param of op.query) {
      for (const text of wrongValues(param.schema, resolve)) {
        const parsed: unknown = JSON.parse(text);
        const value = typeof parsed === "string" ? parsed : text;
        add(`query ${param.name}=${text.slice(0, 30)}`, `${realPath}?${param.name}=${encodeQueryValue(value)}`, auth);
      }
    }
  }
  return out;
}

/** A header value the schema refuses goes alone; one it would accept is paired with a malformed body. */
const refusedOrPaired = (accepts: (value: string) => boolean, value: string) => (accepts(value) ? "[1," : undefined);

function streamProbes(setup: Setup, rng: Rng, oversized: string): { probes: Probe[]; paths: string[] } {
  const { a, b } = setup;
  const auth = { authorization: `Bearer ${a.key}` };
  const json = { ...auth, ...JSON_TYPE };
  const out: Probe[] = [];
  const add = (label: string, method: string, path: string, headers: Record<string, string>, body?: Probe["body"], expectCode?: string) =>
    out.push({ label: `stream ${label}`, method, path: `/v1/stream/${path}`, headers, body, expectCode });
  const paths = [...hostileIds(rng).map((h) => h.segment), `${a.streamPath}%2F..%2F`, "a".repeat(1_100), "%2e%2e%2fetc%2fpasswd"];
  const absent = [b.streamPath, ...paths];
  const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }) => (value: string) => schema.safeParse(value).success;

  // Creating: each PUT carries a fault, since a PUT to an absent path with sound input creates a stream.
  const putFaults: { label: string; headers: Record<string, string>; body?: string | Uint8Array; code?: string }[] = [
    ...malformedJson("[1]")
      .filter((m) => m.label !== "empty")
      .map((m) => ({ label: `malformed ${m.label}`, headers: json, body: m.body })),
    ...DEEP_BODIES.slice(0, 2).map((d) => ({ label: `deep ${d.label}`, headers: json, body: d.text, code: "json_too_deep" })),
    { label: "TTL and Expires-At", headers: { ...json, "Stream-TTL": "60", "Stream-Expires-At": "2030-01-01T00:00:00Z" }, code: "conflicting_expiry" },
    { label: "fork offset without source", headers: { ...json, "Stream-Fork-Offset": "-1" }, code: "fork_source_missing" },
    { label: "closed + malformed", headers: { ...json, "Stream-Closed": "true" }, body: "[1," },
    { label: "oversized", headers: json, body: oversized, code: "payload_too_large" },
    ...HOSTILE_HEADER_VALUES.flatMap((v) => [
      { label: `TTL ${v.slice(0, 20)}`, headers: { ...json, "Stream-TTL": v }, body: refusedOrPaired(ok(StreamTtl), v) },
      { label: `Expires-At ${v.slice(0, 20)}`, headers: { ...json, "Stream-Expires-At": v }, body: refusedOrPaired(ok(StreamExpiresAt), v) },
    ]),
    ...HOSTILE_FORK_SOURCES.map((f) => ({ label: `forked from ${f.slice(0, 30)}`, headers: { ...json, "Stream-Forked-From": f } })),
    ...HOSTILE_HEADER_VALUES.filter((v) => !ok(StreamOffset)(v)).map((v) => ({
      label: `fork offset ${v.slice(0, 20)}`,
      headers: { ...json, "Stream-Forked-From": a.streamPath, "Stream-Fork-Offset": v },
    })),
    ...HOSTILE_HEADER_VALUES.filter((v) => !ok(ForkSubOffset)(v)).map((v) => ({
      label: `fork sub-offset ${v.slice(0, 20)}`,
      headers: { ...json, "Stream-Forked-From": a.streamPath, "Stream-Fork-Sub-Offset": v },
    })),
    ...hostileAuthHeaders(a.key, b.projectId, rng).map((h) => ({ label: `auth ${h.label}`, headers: { ...JSON_TYPE, ...h.headers }, body: "[1]" })),
  ];
  absent.forEach((path, i) => {
    // A path over the length limit is refused (404) before any header is looked at.
    const code = (fault: { code?: string }) => (path.length > MAX_STREAM_PATH_CHARS ? undefined : fault.code);
    for (const fault of i === 0 ? putFaults : rng.sample(putFaults, STREAM_FAULTS_PER_PATH))
      add(`PUT ${fault.label}`, "PUT", path, fault.headers, fault.body, code(fault));
    add("POST to absent", "POST", path, json, "[1]");
    add("GET absent", "GET", path, auth);
    add("HEAD absent", "HEAD", path, auth);
    add("DELETE absent", "DELETE", path, auth);
  });

  // The tenant's real JSON stream: appends and re-creates that conflict or do not parse; reads that are refused.
  const real = a.streamPath;
  add("PUT as text/plain", "PUT", real, { ...auth, "content-type": "text/plain" });
  for (const m of malformedJson("[1]")) add(`POST malformed ${m.label}`, "POST", real, json, m.body);
  for (const d of DEEP_BODIES) add(`POST deep ${d.label}`, "POST", real, { ...auth, "content-type": rng.pick(JSON_CONTENT_TYPES) }, d.text, "json_too_deep");
  add("POST []", "POST", real, json, "[]", "empty_array");
  add("POST oversized", "POST", real, json, oversized, "payload_too_large");
  add("POST oversized, no Content-Length", "POST", real, json, streamedBody(setup.maxBodyBytes + 1), "payload_too_large");
  for (const type of NON_JSON_CONTENT_TYPES) add(`POST as ${type}`, "POST", real, type === null ? auth : { ...auth, "content-type": type }, "x");
  for (const v of HOSTILE_HEADER_VALUES) {
    add(`POST Producer-Epoch ${v.slice(0, 20)}`, "POST", real, { ...json, "Producer-Id": "p", "Producer-Epoch": v, "Producer-Seq": "0" }, "[1,");
    add(`POST Producer-Id and -Seq ${v.slice(0, 20)}`, "POST", real, { ...json, "Producer-Id": v, "Producer-Epoch": "0", "Producer-Seq": v }, "[1,");
    add(`POST Stream-Seq ${v.slice(0, 20)}`, "POST", real, { ...json, "Stream-Seq": v }, "[1,");
  }
  add("PUT non-ASCII project header", "PUT", real, { ...json, "x-codespar-project": NON_ASCII_HEADER_VALUE }, "[1]");
  add("PUT non-ASCII Stream-TTL", "PUT", paths[0] ?? "x", { ...json, "Stream-TTL": NON_ASCII_HEADER_VALUE });
  add("POST non-ASCII Producer-Id", "POST", real, { ...json, "Producer-Id": NON_ASCII_HEADER_VALUE, "Producer-Epoch": "0", "Producer-Seq": "0" }, "[1,");
  add("POST Producer-Id alone", "POST", real, { ...json, "Producer-Id": "p" }, "[1]", "incomplete_producer_headers");
  add("POST closed + malformed", "POST", real, { ...json, "Stream-Closed": "true" }, "[1,");
  for (const h of hostileAuthHeaders(a.key, b.projectId, rng)) {
    for (const method of ["POST", "DELETE"]) add(`${method} auth ${h.label}`, method, real, { ...JSON_TYPE, ...h.headers }, "[1]");
  }
  for (const d of DEEP_BODIES.slice(0, 2)) add(`DELETE deep ${d.label}`, "DELETE", real, json, d.text, "json_too_deep");
  for (const query of HOSTILE_READ_QUERIES) {
    add(`GET ${query.slice(0, 30)}`, "GET", `${real}?${query}`, auth);
    add(`HEAD ${query.slice(0, 30)}`, "HEAD", `${real}?${query}`, auth);
  }
  return { probes: out, paths: paths.filter((p) => p.length <= MAX_STREAM_PATH_CHARS) };
}

/** Every probe to send, and the stream paths whose state the test compares before and after. */
export function buildProbes(ops: Operation[], setup: Setup): { probes: Probe[]; streamPaths: string[] } {
  const rng = new Rng(FUZZ_SEED);
  const oversized = `{"a":"${"x".repeat(setup.maxBodyBytes)}"}`;
  const probes = ops.flatMap((op) => operationProbes(op, setup, rng, oversized));
  const streams = streamProbes(setup, rng, oversized);
  return { probes: [...probes, ...streams.probes], streamPaths: streams.paths };
}
