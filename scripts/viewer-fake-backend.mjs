#!/usr/bin/env node
// Development fake of the share-viewer backend contract (token exchange, SSE event log in the Durable
// Streams JSON format, prompts, permission answers) over generated sessions, serving spa/dist on
// 127.0.0.1 only. Not the gateway: for looking at the viewer without wrangler.
//   node scripts/viewer-fake-backend.mjs [--port 8790] [--big 10000] [--token-ttl-s 120] [--sse-max-s 20] [--overlap 0] [--dist spa/dist]
// Links: /s/demo (live, can prompt), /s/watch (live, read only), /s/snap (snapshot), /s/big (large),
// /s/ended (ended session), /s/expired (410), anything else 404. POST /_fake/revoke/<code> revokes.
import { randomBytes } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { z } from "zod";

/**
 * @typedef {import("node:http").IncomingMessage} Request
 * @typedef {import("node:http").ServerResponse} Response
 * @typedef {{ v: 1; type: string; ts: number; offset: string; [field: string]: unknown }} LoggedEvent
 * @typedef {{ promptId?: string; text: string; user?: unknown; enqueuedAt?: number }} Prompt
 * @typedef {[type: string, fields: Record<string, unknown>]} TurnStep
 * @typedef {object} FakeSession
 * @property {string} id
 * @property {LoggedEvent[]} log
 * @property {Set<() => void>} waiters
 * @property {Prompt[]} queue
 * @property {Prompt | null} running
 * @property {boolean} busy
 * @property {Map<string, (value?: unknown) => void>} permissions
 * @typedef {{ sessionId: string; mode: "live" | "snapshot"; canPrompt: boolean; upToOffset?: string; gone?: boolean }} OpenShare
 * @typedef {OpenShare | { gone: true }} Share
 * @typedef {{ code: string; sessionId: string; scope: "read" | "read prompt"; expiresAt: number }} Token
 */

/** What the viewer posts: a prompt, and an answer to a permission request. */
const PromptBody = z.object({ text: z.string(), promptId: z.string().optional(), user: z.unknown() });
const PermissionBody = z.object({ decision: z.string() });

/**
 * @param {string} name
 * @param {string | number} fallback
 */
const text = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
/**
 * @param {string} name
 * @param {number} fallback
 */
const arg = (name, fallback) => Number(text(name, fallback));
const PORT = arg("port", 8790);
const BIG_EVENTS = arg("big", 10_000);
const TOKEN_TTL_MS = arg("token-ttl-s", 120) * 1000;
const SSE_MAX_MS = arg("sse-max-s", 20) * 1000;
/** Resume this many events before the requested offset, to exercise the viewer's dedupe. */
const OVERLAP = arg("overlap", 0);
const KEEPALIVE_MS = 10_000;
const STEP_MS = 700;
const DIST = resolve(String(text("dist", new URL("../spa/dist", import.meta.url).pathname)));
/** @param {number} n */
const off = (n) => `${String(n).padStart(16, "0")}_${"0".repeat(16)}`;

// ---- sessions: an append-only log per session, with waiters for live readers ----
/** @type {Map<string, FakeSession>} */
const sessions = new Map();
/**
 * @param {string} id
 * @returns {FakeSession}
 */
function session(id) {
  const existing = sessions.get(id);
  if (existing) return existing;
  /** @type {FakeSession} */
  const created = { id, log: [], waiters: new Set(), queue: [], running: null, busy: false, permissions: new Map() };
  sessions.set(id, created);
  return created;
}
/**
 * @param {FakeSession} s
 * @param {string} type
 * @param {Record<string, unknown>} [fields]
 * @param {number} [ts]
 */
function append(s, type, fields = {}, ts = Date.now()) {
  s.log.push({ v: 1, type, ts, ...fields, offset: off(s.log.length + 1) });
  for (const wake of s.waiters) wake();
}
/** @param {FakeSession} s */
const queueSnapshot = (s) => ({
  processing: s.busy,
  paused: false,
  running: s.running && { ...s.running, position: 0 },
  items: s.queue.map((item, position) => ({ ...item, position })),
  size: s.queue.length,
});

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
/**
 * @template T
 * @param {readonly T[]} list
 * @returns {T}
 */
const pick = (list) => {
  const item = list[Math.floor(rand() * list.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};
const LONG_OUTPUT = Array.from({ length: 80 }, (_, i) => `  ✓ test/unit/case-${i + 1}.test.ts (${(rand() * 40).toFixed(0)} ms)`).join("\n");
/** @type {Array<[tool: string, input: Record<string, unknown>, output: unknown]>} */
const TOOLS = [
  ["terminal", { command: "npm test -- --reporter=dot" }, `> vitest run\n\n${LONG_OUTPUT}\n\n Test Files  80 passed (80)`],
  ["file_read", { path: "src/routes/sessions.ts", offset: 1, limit: 80 }, 'import { Hono } from "hono";\n\nexport const sessions = new Hono();\n'],
  ["content_search", { pattern: "createShare\\(", path: "src" }, "src/routes/shares.ts:42: export async function createShare(env, input) {"],
  ["file_edit", { path: "src/lib/share-codes.ts", old: "Math.random()", new: "crypto.getRandomValues(bytes)" }, "Applied 1 edit."],
  [
    "web_fetch",
    { url: "https://developers.cloudflare.com/durable-objects/" },
    { content: [{ type: "text", text: "Durable Objects provide low-latency coordination and consistent storage." }] },
  ],
];
const ANSWERS = [
  "Done. The share code generator now uses **rejection sampling** over `crypto.getRandomValues`, so every base62 character is uniform:\n\n```ts\nconst LIMIT = 256 - (256 % 62);\nfor (const byte of bytes) {\n  if (byte < LIMIT) out += ALPHABET[byte % 62];\n}\n```\n\nSee [the MDN page](https://developer.mozilla.org/en-US/docs/Web/API/Crypto/getRandomValues) for details.",
  "All 80 tests pass. Summary of the change:\n\n1. `POST /v1/sessions/:id/shares` validates `expires_in_s`\n2. Revocation deletes the KV entry **and** closes open streams\n3. Snapshot shares store `upToOffset`\n\n| file | lines |\n|---|---|\n| `src/routes/shares.ts` | +84 |\n| `src/lib/share-codes.ts` | +31 |",
  "I checked the docs; the viewer should renew its token about a minute before it expires. Here is the diff:\n\n```diff\n- const ttl = 3600\n+ const ttl = 15 * 60\n```",
];

/**
 * @param {FakeSession} s
 * @param {Prompt} prompt
 * @param {number} n
 * @returns {Generator<TurnStep>}
 */
function* turnEvents(s, prompt, n) {
  yield [
    "thinking",
    {
      summary: pick(["Planning the change", "Reading the failing test", "Checking the share route"]),
      text: n % 3 === 0 ? null : "The user wants the share codes to be unbiased. I should look at how the alphabet is indexed and whether `%` introduces bias.",
    },
  ];
  yield ["assistant_message", { text: "Let me look at the relevant code first.", phase: "commentary", iteration: 1 }];
  const calls = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < calls; i++) {
    const [tool, input, output] = pick(TOOLS);
    const callId = `call_${n}_${i}`;
    if (/permission/i.test(prompt.text) && i === 0) {
      const requestId = `perm_${n}`;
      yield ["permission_request", { requestId, tool: "terminal", input: { command: "rm -rf .wrangler/state && npm start" } }];
      yield ["__wait_permission", { requestId }];
    }
    yield ["tool_call", { callId, tool, input }];
    const failed = rand() < 0.12;
    yield [
      "tool_result",
      failed
        ? { callId, output: "Error: ENOENT: no such file or directory, open 'src/lib/missing.ts'", isError: true, errorCode: "ENOENT", durationMs: 12 }
        : { callId, output, isError: false, durationMs: Math.floor(rand() * 4000) },
    ];
  }
  yield ["assistant_message", { text: pick(ANSWERS), phase: "final", iteration: 2 }];
  const input = 2000 + Math.floor(rand() * 20000);
  yield [
    "turn_complete",
    {
      promptId: prompt.promptId,
      success: true,
      durationMs: 3000 + Math.floor(rand() * 60000),
      usage: { inputTokens: input, outputTokens: Math.floor(input / 12), cachedInputTokens: Math.floor(input * 0.6), costUsd: input * 0.000004 },
    },
  ];
}

/**
 * @param {FakeSession} s
 * @param {number} turns
 * @param {{ agentName?: string }} [options]
 */
function generate(s, turns, { agentName = "Claude Code" } = {}) {
  let ts = Date.now() - turns * 90_000;
  const at = () => (ts += 1500 + Math.floor(rand() * 4000));
  append(
    s,
    "session_init",
    {
      sessionId: s.id,
      agent: agentName,
      model: "claude-sonnet-4-5",
      cwd: "~/code/codespar-gateway",
      runtime: "managed",
      git: { branch: "feat/share-links", commit: "9f2c1e7a", remote: "github.com/codespar/gateway" },
    },
    at(),
  );
  const people = ["Ana Souza", "Bruno Lima", "Chen Wei"];
  for (let n = 0; n < turns; n++) {
    const prompt = {
      promptId: `seed_${n}`,
      text: pick([
        "Make share codes unbiased — use rejection sampling, not `%`.",
        "Run the tests and fix whatever fails.",
        "Why does the viewer reconnect every minute?\nIs that expected?",
        "Add a snapshot mode to shares.",
      ]),
      user: { name: pick(people) },
    };
    if (n % 7 === 3) append(s, "prompt_queued", { ...prompt, position: 0 }, at());
    append(s, "user_message", { text: prompt.text, promptId: prompt.promptId, user: prompt.user }, at());
    for (const [type, fields] of turnEvents(s, { ...prompt, text: "" }, n)) append(s, type, fields, at());
    if (n % 9 === 5) append(s, "compaction", { summary: "Earlier turns: set up share routes, KV storage and token signing." }, at());
    if (n % 11 === 7)
      append(s, "error", { code: "provider_overloaded", message: "The model provider is overloaded; retried after 2 s.", retryable: true }, at());
  }
  append(s, "queue_updated", queueSnapshot(s), at());
}

/**
 * Live agent: takes queued prompts one at a time and streams a turn for each.
 * @param {FakeSession} s
 */
async function runAgent(s) {
  if (s.busy) return;
  s.busy = true;
  for (let item = s.queue.shift(); item !== undefined; item = s.queue.shift()) {
    s.running = item;
    append(s, "queue_updated", queueSnapshot(s));
    await sleep(STEP_MS);
    append(s, "user_message", { text: item.text, promptId: item.promptId, user: item.user });
    for (const [type, fields] of turnEvents(s, item, s.log.length)) {
      await sleep(STEP_MS + rand() * STEP_MS);
      if (type === "__wait_permission") {
        const { requestId } = fields;
        if (typeof requestId === "string") await new Promise((done) => s.permissions.set(requestId, done));
        continue;
      }
      append(s, type, fields);
    }
    s.running = null;
    append(s, "queue_updated", queueSnapshot(s));
  }
  s.busy = false;
  append(s, "queue_updated", queueSnapshot(s));
}
/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const demo = session("ses_demo");
generate(demo, 8);
const big = session("ses_big");
generate(big, Math.ceil(BIG_EVENTS / 7));
big.log.length = Math.min(big.log.length, BIG_EVENTS);
const ended = session("ses_ended");
generate(ended, 2);
append(ended, "session_end", { reason: "idle_timeout" });

/** @type {Record<string, Share>} */
const shares = {
  demo: { sessionId: "ses_demo", mode: "live", canPrompt: true },
  watch: { sessionId: "ses_demo", mode: "live", canPrompt: false },
  snap: { sessionId: "ses_demo", mode: "snapshot", canPrompt: false, upToOffset: off(Math.floor(demo.log.length * 0.6)) },
  big: { sessionId: "ses_big", mode: "live", canPrompt: false },
  ended: { sessionId: "ses_ended", mode: "live", canPrompt: true },
  expired: { gone: true },
};
/** @type {Map<string, Token>} */
const tokens = new Map();

// ---- HTTP ----
/**
 * @param {Response} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
const send = (res, status, body, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
};
/**
 * @param {Response} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 */
const fail = (res, status, code, message) => send(res, status, { error: code, code, message });
/**
 * The request's JSON body ({} when empty), or null when it is not JSON.
 * @param {Request} req
 * @returns {Promise<unknown>}
 */
const readBody = (req) =>
  new Promise((done) => {
    let text = "";
    req.on("data", (/** @type {Buffer} */ chunk) => (text += chunk.toString()));
    req.on("end", () => {
      try {
        done(JSON.parse(text || "{}"));
      } catch {
        done(null);
      }
    });
  });
/**
 * @param {Request} req
 * @param {Response} res
 * @param {string} sessionId
 * @param {boolean} needPrompt
 * @returns {Token | null}
 */
function auth(req, res, sessionId, needPrompt) {
  const token = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
  if (!token || token.expiresAt < Date.now() || shares[token.code]?.gone) return (fail(res, 401, "unauthorized", "Missing, expired or revoked token"), null);
  if (token.sessionId !== sessionId) return (fail(res, 403, "forbidden", "Token is for another session"), null);
  if (needPrompt && token.scope !== "read prompt") return (fail(res, 403, "forbidden", "Token cannot prompt"), null);
  return token;
}

/**
 * @param {Request} req
 * @param {Response} res
 * @param {FakeSession} s
 * @param {Token} token
 * @param {string} from
 */
function streamEvents(req, res, s, token, from) {
  const share = shares[token.code];
  const limit = share && !share.gone && share.mode === "snapshot" ? (share.upToOffset ?? null) : null;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
  let next = from === "-1" ? off(0) : off(Math.max(0, Number(from.split("_")[0]) - OVERLAP));
  let closed = false;
  let sent = false;
  const flush = () => {
    if (closed) return;
    if (shares[token.code]?.gone) return end();
    const fresh = s.log.filter((e) => e.offset > next && (limit === null || e.offset <= limit));
    for (let i = 0; i < fresh.length; i += 500) {
      const batch = fresh.slice(i, i + 500);
      next = batch.at(-1)?.offset ?? next;
      res.write(`event: data\ndata: ${JSON.stringify(batch)}\n\n`);
      res.write(`event: control\ndata: ${JSON.stringify({ streamNextOffset: next, streamCursor: String(Date.now()), upToDate: i + 500 >= fresh.length })}\n\n`);
    }
    if (fresh.length === 0 && !sent)
      res.write(`event: control\ndata: ${JSON.stringify({ streamNextOffset: next, streamCursor: String(Date.now()), upToDate: true })}\n\n`);
    sent = true;
  };
  const keepalive = setInterval(() => res.write(": ping\n\n"), KEEPALIVE_MS);
  const end = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    clearTimeout(cap);
    s.waiters.delete(flush);
    res.end();
  };
  const cap = setTimeout(end, SSE_MAX_MS);
  s.waiters.add(flush);
  req.on("close", end);
  flush();
}

/** @type {Record<string, string>} */
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/**
 * @param {Response} res
 * @param {string} path
 */
function serveStatic(res, path) {
  let file = normalize(join(DIST, path));
  if (!file.startsWith(DIST) || !existsSync(file) || path === "/" || path.startsWith("/s/")) file = join(DIST, "index.html");
  if (!existsSync(file)) return fail(res, 500, "no_build", "Run npm run build:spa first");
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-security-policy": CSP,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  });
  res.end(readFileSync(file));
}

/**
 * @param {Request} req
 * @param {Response} res
 */
async function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  let m;
  if (req.method === "POST" && (m = /^\/api\/shares\/([^/]+)\/token$/.exec(path))) {
    const [, encoded = ""] = m;
    const code = decodeURIComponent(encoded);
    const share = shares[code];
    if (!share) return fail(res, 404, "share_not_found", "No share link with this code");
    if (share.gone) return fail(res, 410, "share_gone", "This share link has expired or was revoked");
    const token = randomBytes(24).toString("base64url");
    const expiresAt = Date.now() + TOKEN_TTL_MS;
    const scope = share.canPrompt ? "read prompt" : "read";
    tokens.set(token, { code, sessionId: share.sessionId, scope, expiresAt });
    return send(res, 200, {
      token,
      sessionId: share.sessionId,
      scope,
      mode: share.mode,
      canPrompt: share.canPrompt,
      expiresAt,
      upToOffset: share.upToOffset ?? null,
    });
  }
  if (req.method === "GET" && (m = /^\/v1\/sessions\/([^/]+)\/events$/.exec(path))) {
    const [, sessionId = ""] = m;
    const token = auth(req, res, sessionId, false);
    if (token) streamEvents(req, res, session(sessionId), token, url.searchParams.get("offset") ?? "-1");
    return;
  }
  if (req.method === "POST" && (m = /^\/v1\/sessions\/([^/]+)\/prompts$/.exec(path))) {
    const [, sessionId = ""] = m;
    const token = auth(req, res, sessionId, true);
    if (!token) return;
    const s = session(sessionId);
    const parsed = PromptBody.safeParse(await readBody(req));
    if (!parsed.success || !parsed.data.text) return fail(res, 400, "validation_failed", "text is required");
    const body = parsed.data;
    if (s.log.at(-1)?.type === "session_end") return fail(res, 409, "session_closed", "The session is closed");
    if (s.queue.length >= 5) return fail(res, 429, "queue_full", "The queue is full");
    const existing = s.queue.findIndex((item) => item.promptId === body.promptId);
    if (existing >= 0) return send(res, 202, { promptId: body.promptId, status: "queued", position: existing });
    const item = { promptId: body.promptId, text: body.text, user: body.user, enqueuedAt: Date.now() };
    s.queue.push(item);
    const position = s.queue.length - 1;
    append(s, "prompt_queued", { ...item, position });
    append(s, "queue_updated", queueSnapshot(s));
    void runAgent(s);
    return send(res, 202, { promptId: body.promptId, status: "queued", position });
  }
  if (req.method === "POST" && (m = /^\/v1\/sessions\/([^/]+)\/permissions\/([^/]+)$/.exec(path))) {
    const [, sessionId = "", requestId = ""] = m;
    const token = auth(req, res, sessionId, true);
    if (!token) return;
    const s = session(sessionId);
    const body = PermissionBody.safeParse(await readBody(req));
    const resume = s.permissions.get(requestId);
    if (!resume) return fail(res, 404, "not_found", "No open permission request with this id");
    s.permissions.delete(requestId);
    append(s, "permission_response", { requestId, decision: body.success && body.data.decision === "allow" ? "allow" : "deny", user: { name: "Viewer" } });
    resume();
    return send(res, 200, { ok: true });
  }
  if (req.method === "POST" && (m = /^\/_fake\/revoke\/([^/]+)$/.exec(path))) {
    const [, code = ""] = m;
    const share = shares[code];
    if (share) shares[code] = { ...share, gone: true };
    for (const s of sessions.values()) for (const wake of s.waiters) wake();
    return send(res, 200, { revoked: code });
  }
  if (req.method === "GET") return serveStatic(res, path);
  fail(res, 404, "not_found", "Not found");
}

createServer((req, res) => void handle(req, res)).listen(PORT, "127.0.0.1", () => {
  console.log(`viewer fake backend on http://127.0.0.1:${PORT} (demo ${demo.log.length} events, big ${big.log.length} events)`);
  console.log(`  /s/demo  /s/watch  /s/snap  /s/big  /s/ended  /s/expired  /s/unknown`);
});
