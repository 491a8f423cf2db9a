// The growth benchmark's look at a stopped gateway's state folder (scripts/bench-growth.mjs): its
// size on disk, the SQLite files that hold the D1 database and each Durable Object, and the query
// plans (EXPLAIN QUERY PLAN) of the queries the grown curves run, read with node:sqlite. Opened only
// while the server is stopped, so no second writer ever touches a file workerd has open.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/**
 * Bytes on disk (allocated blocks) under `path`; a file that vanished while being counted (a
 * running server's journal) counts nothing.
 * @param {string} path
 * @returns {number}
 */
export function diskBytes(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.blocks * 512;
  const names = existsSync(path) ? readdirSync(path) : [];
  return names.reduce((sum, name) => sum + diskBytes(join(path, name)), stat.blocks * 512);
}

/**
 * Every SQLite database file under `path` (WAL and journal files aside).
 * @param {string} path
 * @returns {string[]}
 */
function sqliteFiles(path) {
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const full = join(path, entry.name);
    if (entry.isDirectory()) return sqliteFiles(full);
    return entry.name.endsWith(".sqlite") ? [full] : [];
  });
}

/**
 * The folder under `path` named for a Durable Object class (`<worker>-<className>`, as Miniflare
 * lays out v3/do), or null while there is none.
 * @param {string} path
 * @param {string} className
 * @returns {string | null}
 */
export function objectClassDir(path, className) {
  const entries = existsSync(path) ? readdirSync(path, { withFileTypes: true }) : [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const full = join(path, entry.name);
    if (entry.name.endsWith(`-${className}`)) return full;
    const inner = objectClassDir(full, className);
    if (inner) return inner;
  }
  return null;
}

/**
 * The largest object database in `classDir` (one Durable Object class's folder, v3/do/<worker>-<class>)
 * with its write-ahead log, in bytes on disk: the log under test is its class's largest object.
 * Only stat()ed, so it can be read while the server runs.
 * @param {string | null} classDir
 * @returns {{ dbBytes: number; walBytes: number }}
 */
export function largestObjectBytes(classDir) {
  if (classDir === null) return { dbBytes: 0, walBytes: 0 };
  const files = readdirSync(classDir).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  const sizes = files.map((name) => {
    const wal = join(classDir, `${name}-wal`);
    return { dbBytes: diskBytes(join(classDir, name)), walBytes: existsSync(wal) ? diskBytes(wal) : 0 };
  });
  sizes.sort((a, b) => b.dbBytes - a.dbBytes);
  return sizes[0] ?? { dbBytes: 0, walBytes: 0 };
}

/**
 * @template T
 * @param {string} file
 * @param {(db: DatabaseSync) => T} use
 * @param {boolean} [readOnly]
 * @returns {T}
 */
export function withDatabase(file, use, readOnly = true) {
  const db = new DatabaseSync(file, { readOnly });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * The largest SQLite file under `path` with a table named `table` (the D1 database: `sessions`; a
 * stream object: `records`; a session object: `events`).
 * @param {string} path
 * @param {string} table
 * @returns {string | null}
 */
export function largestDatabaseWith(path, table) {
  const holders = sqliteFiles(path).filter((file) =>
    withDatabase(file, (db) => db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined),
  );
  holders.sort((a, b) => statSync(b).size - statSync(a).size);
  return holders[0] ?? null;
}

/**
 * EXPLAIN QUERY PLAN of `sql` with `params`, one line per step ("SEARCH records USING PRIMARY KEY ...").
 * @param {string} file
 * @param {string} sql
 * @param {Array<string | number>} params
 * @returns {string[]}
 */
export function queryPlan(file, sql, params) {
  return withDatabase(file, (db) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => String(row.detail)),
  );
}

/**
 * The plans of the queries behind each curve, as the code runs them (durable-objects/lib/record-store.ts,
 * durable-objects/session/event-log.ts, src/db/session-index.ts), on whichever of the files exist.
 * @param {{ stream: string | null; session: string | null; d1: string | null; projectId: string; cursorId: string }} files
 * @returns {Record<string, string[]>}
 */
export function curvePlans({ stream, session, d1, projectId, cursorId }) {
  /** @type {Record<string, string[]>} */
  const plans = {};
  if (stream) {
    plans["stream page (record-store.ts rows)"] = queryPlan(stream, "SELECT seq, data FROM records WHERE seq > ? AND seq <= ? ORDER BY seq, chunk", [0, 1]);
  }
  if (session) {
    plans["session page (event-log.ts page)"] = queryPlan(session, "SELECT seq, body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq", [0, 1]);
    plans["session tail (event-log.ts lastSeq)"] = queryPlan(session, "SELECT COALESCE(MAX(seq), 0) AS seq FROM events", []);
  }
  if (d1) {
    const columns = "id, org_id, project_id, user_id, servers, status, created_at, closed_at";
    plans["sessions first page (session-index.ts listSessions)"] = queryPlan(
      d1,
      `SELECT ${columns} FROM sessions WHERE project_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2`,
      [projectId, 101],
    );
    plans["sessions cursor page (session-index.ts listSessions, before=<id>)"] = queryPlan(
      d1,
      `SELECT ${columns} FROM sessions WHERE project_id = ?1 AND (created_at, id) < (SELECT created_at, id FROM sessions WHERE id = ?2 AND project_id = ?1) ORDER BY created_at DESC, id DESC LIMIT ?3`,
      [projectId, cursorId, 101],
    );
  }
  return plans;
}
