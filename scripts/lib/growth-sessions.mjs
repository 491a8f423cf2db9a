// The growth benchmark's session listing (scripts/bench-growth.mjs): sessions created through the
// API with concurrency (its rate measured), more rows seeded straight into the stopped gateway's D1
// file as copies of a row the API wrote (only the id and created_at differ), and GET /v1/sessions
// timed at each count: the first page, a walk through every page by cursor, and the deepest page.
import { randomBytes } from "node:crypto";
import { percentile } from "./bench-load.mjs";
import { withDatabase } from "./growth-state.mjs";

/** More clients do not create faster: measured here, 1, 2, 4 and 16 clients all gave 50 to 76 sessions/s. */
const CREATE_CONCURRENCY = 4;
const REPEATS = 100;
const WARM_UP_PAGES = 20;
const FIRST_PAGE_LIMIT = 20;
const WALK_LIMIT = 100;
const COLUMNS = ["id", "org_id", "project_id", "user_id", "servers", "status", "created_at", "closed_at"];
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A session id in the API's shape (src/shared/ids.ts newSessionId: `ses_` and 20 base62 characters). */
function sessionId() {
  // 248 = 4 * 62: bytes below it map evenly onto the 62 characters; the rest are drawn again.
  let id = "ses_";
  while (id.length < 24) for (const byte of randomBytes(32)) if (byte < 248 && id.length < 24) id += BASE62[byte % 62];
  return id;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {string} query
 * @returns {Promise<{ ms: number; rows: Array<Record<string, unknown>>; next: string | null }>}
 */
async function listPage(url, headers, query) {
  const started = performance.now();
  const res = await fetch(`${url}/v1/sessions?${query}`, { headers });
  if (!res.ok) throw new Error(`GET /v1/sessions?${query} -> ${res.status} ${await res.text()}`);
  /** @type {unknown} */
  const body = await res.json();
  const ms = performance.now() - started;
  if (typeof body !== "object" || body === null || !("data" in body) || !Array.isArray(body.data)) throw new Error("a session listing without data");
  const next = "next_before" in body && typeof body.next_before === "string" ? body.next_before : null;
  /** @type {unknown[]} */
  const data = body.data;
  const rows = data.filter(isRecord);
  if (rows.length !== data.length) throw new Error("a session listing with a row that is not an object");
  return { ms, rows, next };
}

/**
 * `count` sessions through POST /v1/sessions from CREATE_CONCURRENCY clients.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {number} count
 */
export async function createSessions(url, headers, count) {
  const json = { ...headers, "content-type": "application/json" };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CREATE_CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const res = await fetch(`${url}/v1/sessions`, { method: "POST", headers: json, body: "{}" });
        if (res.status !== 201) throw new Error(`POST /v1/sessions -> ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { sessions: count, concurrency: CREATE_CONCURRENCY, perSecond: count / seconds, seconds };
}

/**
 * Seeds the stopped gateway's D1 file up to `total` sessions in `projectId`: each a copy of a row the
 * API wrote (checked to be alike: same org, user, servers, status and no close), with a new id and a
 * created_at one millisecond before the previous oldest, in one transaction.
 * @param {string} d1File
 * @param {string} projectId
 * @param {number} total
 * @returns {{ seeded: number; template: Record<string, unknown> }}
 */
export function seedSessions(d1File, projectId, total) {
  return withDatabase(
    d1File,
    (db) => {
      const kinds = db
        .prepare("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM sessions WHERE project_id = ? GROUP BY org_id, user_id, servers, status, closed_at")
        .all(projectId);
      const kind = kinds[0];
      if (kinds.length !== 1 || !kind) throw new Error(`the API-written sessions are not all alike (${kinds.length} kinds): seeding copies one`);
      const have = Number(kind.n);
      const template = db.prepare(`SELECT ${COLUMNS.join(", ")} FROM sessions WHERE project_id = ? LIMIT 1`).get(projectId);
      if (!template) throw new Error("no API-written session to copy");
      const insert = db.prepare(`INSERT INTO sessions (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`);
      let at = Date.parse(String(kind.oldest));
      db.exec("BEGIN");
      for (let n = have; n < total; n += 1) {
        at -= 1;
        const createdAt = new Date(at).toISOString();
        insert.run(...COLUMNS.map((column) => (column === "id" ? sessionId() : column === "created_at" ? createdAt : (template[column] ?? null))));
      }
      db.exec("COMMIT");
      return { seeded: Math.max(0, total - have), template: { ...template } };
    },
    false,
  );
}

/**
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {string} query
 */
async function repeated(url, headers, query) {
  /** @type {number[]} */
  const times = [];
  for (let run = 0; run < REPEATS; run += 1) times.push((await listPage(url, headers, query)).ms);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/**
 * Times the listing of a project holding `count` sessions, and checks the walk returns each once,
 * every row shaped like `template` (what the API wrote).
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {number} count
 * @param {Record<string, unknown> | null} template
 */
export async function measureListing(url, headers, count, template) {
  // Unmeasured: a restarted server's first queries (and the D1 pages they read) are not the curve.
  for (let run = 0; run < WARM_UP_PAGES; run += 1) await listPage(url, headers, `limit=${WALK_LIMIT}`);
  const firstPage = await repeated(url, headers, `limit=${FIRST_PAGE_LIMIT}`);
  /** @type {number[]} */
  const pageTimes = [];
  const seen = new Set();
  /** @type {string | null} */
  let before = null;
  const started = performance.now();
  for (;;) {
    const page = await listPage(url, headers, `limit=${WALK_LIMIT}${before ? `&before=${before}` : ""}`);
    pageTimes.push(page.ms);
    for (const row of page.rows) {
      seen.add(row.id);
      const same = template === null || ["org_id", "project_id", "user_id", "status", "closed_at"].every((column) => row[column] === template[column]);
      if (!same || Object.keys(row).sort().join() !== [...COLUMNS].sort().join())
        throw new Error(`a listed session differs from the API's rows: ${JSON.stringify(row)}`);
    }
    if (page.next === null) break;
    before = page.next;
  }
  const walkMs = performance.now() - started;
  if (seen.size !== count) throw new Error(`the listing walk saw ${seen.size} sessions, expected ${count}`);
  // The last page's cursor: the deepest page there is, read again alone REPEATS times.
  const deepCursor = before;
  const deepPage = deepCursor ? await repeated(url, headers, `limit=${WALK_LIMIT}&before=${deepCursor}`) : { p50: null, p99: null };
  return {
    sessions: count,
    firstPage: { limit: FIRST_PAGE_LIMIT, ...firstPage },
    walk: { limit: WALK_LIMIT, pages: pageTimes.length, ms: walkMs, p50: percentile(pageTimes, 50), p99: percentile(pageTimes, 99) },
    deepPage: { limit: WALK_LIMIT, depth: (pageTimes.length - 1) * WALK_LIMIT, ...deepPage },
    deepCursor,
  };
}
