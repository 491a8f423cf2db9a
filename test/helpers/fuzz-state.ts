// What a tenant has stored, as the fuzz compares it before and after: its API listings, its
// session's detail, queue, shares and log tail, the streams it knows of, and D1/KV row counts.
import { env } from "cloudflare:test";
import { call } from "./worker-api";
import { streamFetch } from "./worker-stream";

export interface FuzzTenant {
  orgId: string;
  projectId: string;
  key: string;
  keyId: string;
  sessionId: string;
  webhookId: string;
  serverId: string;
  shareCode: string;
  streamPath: string;
}

/** Fields that change on any authenticated call, not from what the call asked for. */
const VOLATILE_FIELDS = new Set(["last_used_at"]);

const stable = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(stable)
    : value !== null && typeof value === "object"
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => !VOLATILE_FIELDS.has(k))
            .map(([k, v]) => [k, stable(v)]),
        )
      : value;

async function listing(key: string, path: string) {
  const res = await call(key, "GET", path);
  const text = await res.text();
  return { status: res.status, body: stable(text === "" ? null : JSON.parse(text)) };
}

/** Status, tail offset and closed flag of each stream path (HEAD), as the tenant sees them. */
export async function streamHeads(key: string, paths: readonly string[]) {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const res = await streamFetch(key, "HEAD", path);
    out[path] = `${res.status} ${res.headers.get("stream-next-offset")} ${res.headers.get("stream-closed")} ${res.headers.get("content-type")}`;
  }
  return out;
}

export async function tenantState(t: FuzzTenant, streamPaths: readonly string[]) {
  const session = `/v1/sessions/${t.sessionId}`;
  const paths = [
    "/v1/sessions?limit=100",
    "/v1/projects",
    "/v1/api-keys",
    "/v1/webhooks",
    "/v1/servers",
    session,
    `${session}/queue`,
    `${session}/shares`,
    `${session}/permissions`,
    `${session}/logs`,
  ];
  const lists: Record<string, unknown> = {};
  for (const path of paths) lists[path] = await listing(t.key, path);
  const log = await call(t.key, "GET", `${session}/events?offset=-1`);
  lists.eventsTail = `${log.status} ${log.headers.get("stream-next-offset")} ${(await log.text()).length}`;
  return { lists, streams: await streamHeads(t.key, [t.streamPath, ...streamPaths]) };
}

/** Row counts of every D1 table and the number of share codes in KV: a write anywhere shows up here. */
export async function storageCounts() {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of tables.results) {
    const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).first<{ n: number }>();
    counts[name] = row?.n ?? -1;
  }
  counts["kv:SHARES"] = (await env.SHARES.list()).keys.length;
  return counts;
}
