// The session API benchmark's floor (bench-session-api.mjs): the least a Worker and a Durable
// Object can do to answer the SDK's call sequence. The same paths as the gateway (create, execute,
// send as JSON or SSE, close), small fixed JSON in the shapes the SDK reads, one object per session
// id that writes one SQLite row per call; no auth, no validation, no event log, no model, no tools.
// Served on workerd by bare-object-server.mjs (BARE_WORKER=echo).
import { DurableObject } from "cloudflare:workers";

const SESSIONS = /^\/+v1\/sessions(?:\/([^/]+)(?:\/([a-z_]+))?)?\/?$/;
const encoder = new TextEncoder();

/**
 * @param {unknown} body
 * @param {number} [status]
 */
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
/**
 * One frame with both the event name (TS SDK) and data.type (Python SDK), as the gateway writes it.
 * @param {string} type
 * @param {Record<string, unknown>} data
 */
const frame = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * The request's JSON body as a record (an empty one when it is not an object).
 * @param {Request} request
 * @returns {Promise<Record<string, unknown>>}
 */
async function bodyOf(request) {
  /** @type {unknown} */
  const body = await request.json();
  return typeof body === "object" && body !== null && !Array.isArray(body) ? Object.fromEntries(Object.entries(body)) : {};
}

export class EchoSession extends DurableObject {
  /** @param {DurableObjectState} ctx @param {unknown} env */
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS calls (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, at INTEGER NOT NULL)");
  }

  /**
   * Records one call; its row number names what the call made (the tool call's id).
   * @param {string} kind
   * @returns {number}
   */
  record(kind) {
    return Number(this.sql.exec("INSERT INTO calls (kind, at) VALUES (?, ?) RETURNING seq", kind, Date.now()).one().seq);
  }
}

/** @typedef {{ SESSION: DurableObjectNamespace<EchoSession> }} Env */

/**
 * @param {Env} env
 * @param {string} id
 * @param {string} kind
 */
const record = (env, id, kind) => env.SESSION.get(env.SESSION.idFromName(id)).record(kind);

/**
 * @param {Request} request
 * @param {Env} env
 * @param {string} id
 */
async function send(request, env, id) {
  const { message } = await bodyOf(request);
  await record(env, id, "send");
  const result = { message: "echo", tool_calls: [], iterations: 1 };
  if (!request.headers.get("accept")?.includes("text/event-stream")) return json(result);
  const frames = [
    frame("user_message", { content: typeof message === "string" ? message : "" }),
    frame("assistant_text", { content: "echo", iteration: 1 }),
    frame("done", { ...result, result }),
  ];
  return new Response(encoder.encode(frames.join("")), { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}

export default {
  /** @param {Request} request @param {Env} env */
  async fetch(request, env) {
    const [, id, action] = SESSIONS.exec(new URL(request.url).pathname) ?? [];
    const now = new Date().toISOString();
    if (id === undefined && request.method === "POST") {
      const { servers, user_id } = await bodyOf(request);
      const created = `ses_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
      await record(env, created, "create");
      const row = { id: created, org_id: "org_echo", project_id: "prj_echo", user_id: typeof user_id === "string" ? user_id : "default" };
      return json({ ...row, servers: Array.isArray(servers) ? servers : [], status: "active", created_at: now, closed_at: null }, 201);
    }
    if (id !== undefined && request.method === "POST" && action === "execute") {
      const { tool, input } = await bodyOf(request);
      const name = typeof tool === "string" ? tool : "";
      const seq = await record(env, id, "execute");
      const server = name.includes("/") ? name.slice(0, name.indexOf("/")) : "codespar";
      return json({ success: true, data: input ?? {}, error: null, duration: 0, server, tool: name, tool_call_id: `tc_${seq}`, called_at: now });
    }
    if (id !== undefined && request.method === "POST" && action === "send") return send(request, env, id);
    if (id !== undefined && ((request.method === "DELETE" && action === undefined) || (request.method === "POST" && action === "close"))) {
      await record(env, id, "close");
      return new Response(null, { status: 204 });
    }
    return json({ error: "not_found", code: "not_found", message: "The echo answers only the session calls" }, 404);
  },
};
