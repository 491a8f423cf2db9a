#!/usr/bin/env node
// `npm run bench:growth`: whether the gateway stays flat as one log and one project grow, on workerd
// (`npm run serve`, state on disk in the system temp folder). One Durable Stream and one session's
// event log (an external agent's appends) each grown to 10k, 100k and 1M ~200-byte events (after
// a warm-up log of each, measured and dropped); at each size the single-event append rate, a whole catch-up read from offset -1 and a reader
// resuming 1,000 events before the tail, and the state's size on disk. Then GET /v1/sessions at
// 1k, 10k and 100k sessions in one project: the first page, a cursor walk through every page and
// the deepest page. Sessions past GROWTH_API_SESSIONS are seeded into the stopped server's D1 file
// as copies of a row the API wrote. Prints a table per curve with each value's ratio to the
// smallest size, the query plans behind the curves, and a BENCH_JSON line.
// Env: GROWTH_SIZES (stream sizes), GROWTH_SESSION_LOG_SIZES (default: GROWTH_SIZES),
// GROWTH_SESSIONS (listing sizes), GROWTH_API_SESSIONS (how many go through the API; default the
// smallest listing size), GROWTH_KEEP_STATE=1 keeps the state folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { growAndMeasure, sessionEvent, sessionLog, streamEvent, streamLog } from "./lib/growth-log.mjs";
import { createSessions, measureListing, seedSessions } from "./lib/growth-sessions.mjs";
import { curvePlans, diskBytes, largestDatabaseWith, largestObjectBytes, objectClassDir } from "./lib/growth-state.mjs";
import { freePort } from "./lib/local-gateway.mjs";
import { startServeProcess } from "./lib/serve-process.mjs";

const API_KEY = "csk_test_growthGrowthGrowthGrowth0001";
/** The project DEV_API_KEY seeds (scripts/serve.mjs). */
const PROJECT_ID = "prj_0000000000000001";
const HEADERS = { authorization: `Bearer ${API_KEY}` };

/**
 * @param {string} name
 * @param {string} fallback
 */
const sizes = (name, fallback) => (process.env[name] ?? fallback).split(",").map(Number);
const STREAM_SIZES = sizes("GROWTH_SIZES", "10000,100000,1000000");
const SESSION_LOG_SIZES = sizes("GROWTH_SESSION_LOG_SIZES", STREAM_SIZES.join(","));
const SESSION_COUNTS = sizes("GROWTH_SESSIONS", "1000,10000,100000");
const API_SESSIONS = Number(process.env.GROWTH_API_SESSIONS ?? SESSION_COUNTS[0]);

/** @param {number[]} list @param {string} name */
function checkSizes(list, name) {
  if (list.some((n, i) => !Number.isInteger(n) || n <= 0 || (i > 0 && n <= (list[i - 1] ?? 0)))) throw new Error(`${name}: positive integers, ascending`);
}

/** @param {number | null | undefined} n @param {number} [digits] */
const fmt = (n, digits = 1) => (n === null || n === undefined ? "-" : n.toFixed(digits));
/** @param {number | null | undefined} value @param {number | null | undefined} base */
const ratio = (value, base) => (value && base ? `${(value / base).toFixed(2)}x` : "-");
/** @param {number} bytes */
const mb = (bytes) => bytes / 1e6;
/** @param {string} message */
const say = (message) => console.error(`[growth] ${message}`);

/**
 * One table per curve: a row per size; each cell its value and, where the column has one, its
 * ratio to the smallest size (1.00x is flat; for a rate, below 1 is slower; for a latency, above 1).
 * @template T
 * @param {string} title
 * @param {string} sizeHead
 * @param {T[]} rows
 * @param {(row: T) => number} sizeOf
 * @param {Array<{ head: string; value: (row: T) => number | null | undefined; digits?: number; extra?: (row: T) => string; ratio?: boolean }>} columns
 */
function printCurve(title, sizeHead, rows, sizeOf, columns) {
  console.log(`\n${title}\n| ${sizeHead} | ${columns.map((c) => c.head).join(" | ")} |\n|---|${columns.map(() => "---|").join("")}`);
  for (const row of rows) {
    const cells = columns.map((c) => {
      const value = `${fmt(c.value(row), c.digits ?? 1)}${c.extra ? ` / ${c.extra(row)}` : ""}`;
      // The base is the smallest size with a value (a first size may need no batch fill).
      const base = rows.find((r) => c.value(r) !== null && c.value(r) !== undefined);
      return c.ratio && base ? `${value} (${ratio(c.value(row), c.value(base))})` : value;
    });
    console.log(`| ${sizeOf(row).toLocaleString("en-US")} | ${cells.join(" | ")} |`);
  }
}

/** @typedef {Awaited<ReturnType<typeof growAndMeasure>> & { stateMb: number; logMb: number; walMb: number }} LogPoint */
const WARM_UP_EVENTS = 2_000;

/** @param {string} title @param {LogPoint[]} points */
function printLog(title, points) {
  printCurve(title, "events", points, (p) => p.events, [
    { head: "single appends/s", value: (p) => p.append.perSecond, digits: 0, ratio: true },
    { head: "append p50 / p99 ms (ratio of p50)", value: (p) => p.append.p50, extra: (p) => fmt(p.append.p99), ratio: true },
    { head: "catch-up events/s", value: (p) => p.catchUp.eventsPerSecond, digits: 0, ratio: true },
    { head: "catch-up MB/s", value: (p) => p.catchUp.mbPerSecond, ratio: true },
    { head: "catch-up pages", value: (p) => p.catchUp.pages, digits: 0 },
    { head: "last 1,000 events p50 / p99 ms (ratio of p50)", value: (p) => p.tail.p50, extra: (p) => fmt(p.tail.p99), ratio: true },
    { head: "batch fill events/s", value: (p) => p.fillEventsPerSecond, digits: 0, ratio: true },
    { head: "object db / wal MB", value: (p) => p.logMb, extra: (p) => fmt(p.walMb) },
    // The WAL (up to ~4 MB before a checkpoint) dominates a small log: no ratio, it is not a curve.
    { head: "(db + wal) bytes/event", value: (p) => ((p.logMb + p.walMb) * 1e6) / p.events, digits: 0 },
    { head: "state folder MB", value: (p) => p.stateMb },
  ]);
}

/**
 * Grows a log through `list` after a warm-up log of the same kind (so the smallest size does not
 * carry the isolate's first requests); sizes on disk are its object's (the class's largest) and the
 * whole state folder's.
 * @param {() => Promise<import("./lib/growth-log.mjs").GrowthLog>} open
 * @param {(i: number) => unknown} make
 * @param {number[]} list
 * @param {string} stateDir
 * @param {string} objectClass
 * @returns {Promise<LogPoint[]>}
 */
async function growLog(open, make, list, stateDir, objectClass) {
  const warmUp = await open();
  say(`${warmUp.name} log: warming up with ${WARM_UP_EVENTS} events`);
  await growAndMeasure(warmUp, make, WARM_UP_EVENTS);
  const log = await open();
  /** @type {LogPoint[]} */
  const points = [];
  for (const size of list) {
    say(`${log.name} log: growing to ${size} events`);
    const point = await growAndMeasure(log, make, size);
    const object = largestObjectBytes(objectClassDir(stateDir, objectClass));
    points.push({ ...point, stateMb: mb(diskBytes(stateDir)), logMb: mb(object.dbBytes), walMb: mb(object.walBytes) });
  }
  return points;
}

async function main() {
  checkSizes(STREAM_SIZES, "GROWTH_SIZES");
  checkSizes(SESSION_LOG_SIZES, "GROWTH_SESSION_LOG_SIZES");
  checkSizes(SESSION_COUNTS, "GROWTH_SESSIONS");
  const started = performance.now();
  const stateDir = mkdtempSync(join(tmpdir(), "gateway-growth-"));
  const start = async () => startServeProcess({ port: await freePort(), stateDir, env: { DEV_API_KEY: API_KEY, REQUEST_LOG: "false" } });
  say(`state in ${stateDir}`);
  let server = await start();
  try {
    const { url } = server;
    let streams = 0;
    const stream = await growLog(() => streamLog(url, HEADERS, `growth-${(streams += 1)}`), streamEvent, STREAM_SIZES, stateDir, "StreamDO");
    // Each table is printed as soon as its curve is measured, so a later failure keeps it.
    printLog("Stream log (/v1/stream/<path>, JSON mode): one log grown in batches of 1,000", stream);
    const session = await growLog(() => sessionLog(url, HEADERS), sessionEvent, SESSION_LOG_SIZES, stateDir, "SessionDO");
    printLog("Session log (/v1/sessions/:id/agent/events, read at /v1/sessions/:id/events): batches of 500", session);

    // The session logs' two sessions are the project's first; the rest come through the API, then seeding.
    let have = 2;
    let creation = null;
    /** @type {Record<string, unknown> | null} */
    let template = null;
    /** @type {Array<Awaited<ReturnType<typeof measureListing>>>} */
    const listing = [];
    for (const count of SESSION_COUNTS) {
      const viaApi = Math.max(0, Math.min(count, API_SESSIONS) - have);
      if (viaApi > 0) {
        say(`creating ${viaApi} sessions through the API`);
        creation = await createSessions(server.url, HEADERS, viaApi);
        have += viaApi;
      }
      if (have < count) {
        say(`seeding D1 up to ${count} sessions (server stopped)`);
        await server.stop();
        const d1 = largestDatabaseWith(stateDir, "sessions");
        if (!d1) throw new Error("no D1 file with a sessions table in the state folder");
        template = seedSessions(d1, PROJECT_ID, count).template;
        have = count;
        server = await start();
      }
      say(`listing ${count} sessions`);
      listing.push(await measureListing(server.url, HEADERS, count, template));
    }

    await server.stop();
    const plans = curvePlans({
      stream: largestDatabaseWith(stateDir, "records"),
      session: largestDatabaseWith(stateDir, "events"),
      d1: largestDatabaseWith(stateDir, "sessions"),
      projectId: PROJECT_ID,
      cursorId: listing.at(-1)?.deepCursor ?? "ses_none",
    });

    printCurve("Session listing (GET /v1/sessions) in one project", "sessions", listing, (l) => l.sessions, [
      { head: "first page (20) p50 / p99 ms (ratio of p50)", value: (l) => l.firstPage.p50, extra: (l) => fmt(l.firstPage.p99), ratio: true },
      { head: "deepest page (100) p50 / p99 ms (ratio of p50)", value: (l) => l.deepPage.p50, extra: (l) => fmt(l.deepPage.p99), ratio: true },
      { head: "walk pages (100) p50 / p99 ms (ratio of p50)", value: (l) => l.walk.p50, extra: (l) => fmt(l.walk.p99), ratio: true },
      { head: "walk pages", value: (l) => l.walk.pages, digits: 0 },
      { head: "walk total s", value: (l) => l.walk.ms / 1000, digits: 2 },
    ]);
    if (creation) {
      const projected = (SESSION_COUNTS.at(-1) ?? 0) / creation.perSecond;
      console.log(
        `\nAPI session creation: ${fmt(creation.perSecond, 0)} sessions/s with ${creation.concurrency} clients (${creation.sessions} sessions); ${fmt(projected, 0)} s for ${SESSION_COUNTS.at(-1)} at that rate.` +
          (template ? " Sessions past those were seeded into D1 as copies of an API-written row." : ""),
      );
    }
    console.log("\nQuery plans (EXPLAIN QUERY PLAN on the state's SQLite files):");
    for (const [query, steps] of Object.entries(plans)) console.log(`- ${query}: ${steps.join("; ")}`);
    const totalSeconds = (performance.now() - started) / 1000;
    console.log(`\nstate in ${tmpdir()}, ${fmt(mb(diskBytes(stateDir)), 0)} MB at the end; the run took ${fmt(totalSeconds, 0)} s`);
    const config = { streamSizes: STREAM_SIZES, sessionLogSizes: SESSION_LOG_SIZES, sessionCounts: SESSION_COUNTS, apiSessions: API_SESSIONS };
    console.log(`BENCH_JSON ${JSON.stringify({ config, stream, session, listing, creation, plans, totalSeconds })}`);
  } catch (error) {
    console.error(`[growth] the server's last output:\n${server.output().slice(-4_000)}`);
    throw error;
  } finally {
    await server.stop();
    if (process.env.GROWTH_KEEP_STATE === "1") say(`state kept in ${stateDir}`);
    else rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench:growth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
