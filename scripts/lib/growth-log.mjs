// The growth benchmark's one-log measurements (scripts/bench-growth.mjs): a log grown in batches to
// each size, and at each size the single-event append rate, a whole catch-up read from offset -1 and
// a reader resuming 1,000 events before the tail. Two logs speak it: a generic Durable Stream and a
// session's event log (appended by an external agent, read over the same Durable Streams protocol).
import { percentile } from "./bench-load.mjs";

const PAD = "x".repeat(160);
/** Single appends measured at each size; the log is grown so that it holds exactly the size after them. */
export const SINGLE_APPENDS = 300;
/** The resuming reader starts this many events before the tail. */
export const TAIL_EVENTS = 1_000;
const TAIL_READS = 50;
/** Catch-up reads per size; the median is reported (one read of a large log is long enough to be steady). */
const catchUpRuns = (/** @type {number} */ events) => (events >= 500_000 ? 1 : 3);
const MAX_PAGES = 100_000;

/**
 * What a log needs to be grown and read: its append (one event or a batch; answers the offset after
 * it) and its catch-up GET. `count` is how many events were appended, `base` how many it held
 * before (a session starts with its session_init), `tail` the offset after the last one.
 * @typedef {object} GrowthLog
 * @property {string} name
 * @property {number} batch events per batch append (the body limit and the agent API's 500 bound it)
 * @property {number} count
 * @property {number} base
 * @property {string} tail
 * @property {(events: unknown[]) => Promise<string>} append
 * @property {string} readUrl the catch-up URL without its offset
 * @property {Record<string, string>} headers
 */

/**
 * A ~200-byte JSON event for a Durable Stream, as scripts/lib/bench-load.mjs makes them.
 * @param {number} i
 */
export const streamEvent = (i) => ({ i, t: performance.timeOrigin + performance.now(), pad: PAD });

/**
 * An agent's event that stores as about 200 bytes (the session adds `v` and `ts`, reads add `offset`).
 * @param {number} i
 */
export const sessionEvent = (i) => ({ type: "assistant_message", text: `event ${i} ${PAD.slice(0, 110)}`, iteration: i });

/**
 * @param {Response} res
 * @param {string} what
 */
async function expectOk(res, what) {
  if (res.ok) return;
  throw new Error(`${what} -> ${res.status} ${await res.text()}`);
}

/**
 * A generic stream at /v1/stream/<path> (JSON mode), created here.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {string} path
 * @returns {Promise<GrowthLog>}
 */
export async function streamLog(url, headers, path) {
  const json = { ...headers, "content-type": "application/json" };
  const streamUrl = `${url}/v1/stream/${path}`;
  await expectOk(await fetch(streamUrl, { method: "PUT", headers: json }), `PUT ${path}`);
  return {
    name: "stream",
    batch: 1_000,
    count: 0,
    base: 0,
    tail: "-1",
    readUrl: `${streamUrl}?offset=`,
    headers,
    append: async (events) => {
      const res = await fetch(streamUrl, { method: "POST", headers: json, body: JSON.stringify(events.length === 1 ? events[0] : events) });
      await expectOk(res, `POST ${path}`);
      await res.arrayBuffer();
      const next = res.headers.get("stream-next-offset");
      if (next === null) throw new Error(`POST ${path} answered without Stream-Next-Offset`);
      return next;
    },
  };
}

/**
 * A session with the external runtime, whose agent appends through POST /v1/sessions/:id/agent/events
 * (no lease needed) and whose log is read at GET /v1/sessions/:id/events.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<GrowthLog>}
 */
export async function sessionLog(url, headers) {
  const json = { ...headers, "content-type": "application/json" };
  const created = await fetch(`${url}/v1/sessions`, { method: "POST", headers: json, body: JSON.stringify({ runtime: { type: "external" } }) });
  await expectOk(created, "POST /v1/sessions");
  /** @type {unknown} */
  const row = await created.json();
  const id = typeof row === "object" && row !== null && "id" in row && typeof row.id === "string" ? row.id : null;
  if (id === null) throw new Error("POST /v1/sessions answered without an id");
  const eventsUrl = `${url}/v1/sessions/${id}/agent/events`;
  const readUrl = `${url}/v1/sessions/${id}/events?offset=`;
  // The offset after its session_init: a read at "now" is empty and names the tail.
  const now = await fetch(`${readUrl}now`, { headers });
  await expectOk(now, "GET the session log at now");
  await now.arrayBuffer();
  const tail = now.headers.get("stream-next-offset");
  if (tail === null) throw new Error("a session log read answered without Stream-Next-Offset");
  return {
    name: "session",
    batch: 500,
    count: 0,
    base: 1,
    tail,
    readUrl,
    headers,
    append: async (events) => {
      const res = await fetch(eventsUrl, { method: "POST", headers: json, body: JSON.stringify(events) });
      await expectOk(res, `POST ${eventsUrl}`);
      /** @type {unknown} */
      const body = await res.json();
      const offset = typeof body === "object" && body !== null && "offset" in body && typeof body.offset === "string" ? body.offset : null;
      if (offset === null) throw new Error("an agent append answered without an offset");
      return offset;
    },
  };
}

/**
 * @param {GrowthLog} log
 * @param {(i: number) => unknown} make
 * @param {number} upTo
 */
async function fill(log, make, upTo) {
  while (log.count < upTo) {
    const n = Math.min(log.batch, upTo - log.count);
    log.tail = await log.append(Array.from({ length: n }, (_, j) => make(log.count + j + 1)));
    log.count += n;
  }
}

/**
 * Reads from `offset` until up to date; counts events and body bytes.
 * @param {GrowthLog} log
 * @param {string} offset
 */
async function readAll(log, offset) {
  let events = 0;
  let bytes = 0;
  let pages = 0;
  for (let from = offset; pages < MAX_PAGES;) {
    const res = await fetch(`${log.readUrl}${encodeURIComponent(from)}`, { headers: log.headers });
    await expectOk(res, `GET ${log.name} log`);
    const body = await res.arrayBuffer();
    /** @type {unknown} */
    const messages = JSON.parse(new TextDecoder().decode(body));
    if (!Array.isArray(messages)) throw new Error(`a ${log.name} read answered without a JSON array`);
    events += messages.length;
    bytes += body.byteLength;
    pages += 1;
    const next = res.headers.get("stream-next-offset");
    if (next === null) throw new Error(`a ${log.name} read answered without Stream-Next-Offset`);
    from = next;
    if (res.headers.get("stream-up-to-date") === "true") break;
  }
  return { events, bytes, pages };
}

/** @param {number} started */
const since = (started) => performance.now() - started;

/**
 * Grows `log` to `size` appended events and measures it there: batches up to TAIL_EVENTS before the size
 * (that offset is where the resuming reader starts), SINGLE_APPENDS single appends timed one by
 * one, one batch for the rest; then catch-up reads of the whole log and reads of its last 1,000 events.
 * @param {GrowthLog} log
 * @param {(i: number) => unknown} make
 * @param {number} size
 */
export async function growAndMeasure(log, make, size) {
  if (size - log.count < TAIL_EVENTS) throw new Error(`sizes must grow by at least ${TAIL_EVENTS} events (${log.name}: ${log.count} -> ${size})`);
  const filling = performance.now();
  const filled = log.count;
  await fill(log, make, size - TAIL_EVENTS);
  const tailOffset = log.tail;
  const fillSeconds = since(filling) / 1000;
  /** @type {number[]} */
  const latencies = [];
  const singles = performance.now();
  for (let k = 0; k < Math.min(SINGLE_APPENDS, TAIL_EVENTS); k += 1) {
    const started = performance.now();
    log.tail = await log.append([make(log.count + 1)]);
    latencies.push(since(started));
    log.count += 1;
  }
  const singleSeconds = since(singles) / 1000;
  await fill(log, make, size);

  /** @type {number[]} */
  const readTimes = [];
  let whole = { events: 0, bytes: 0, pages: 0 };
  for (let run = 0; run < catchUpRuns(size); run += 1) {
    const started = performance.now();
    whole = await readAll(log, "-1");
    readTimes.push(since(started));
    if (whole.events !== log.base + size) throw new Error(`${log.name}: catch-up read ${whole.events} of ${log.base + size} events`);
  }
  const readMs = percentile(readTimes, 50) ?? 0;

  /** @type {number[]} */
  const tailTimes = [];
  for (let run = 0; run < TAIL_READS; run += 1) {
    const started = performance.now();
    const tail = await readAll(log, tailOffset);
    tailTimes.push(since(started));
    if (tail.events !== TAIL_EVENTS) throw new Error(`${log.name}: the tail read ${tail.events} of ${TAIL_EVENTS} events`);
  }
  return {
    events: size,
    fillEventsPerSecond: size - TAIL_EVENTS > filled ? (size - TAIL_EVENTS - filled) / fillSeconds : null,
    append: { perSecond: latencies.length / singleSeconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    catchUp: {
      ms: readMs,
      pages: whole.pages,
      mb: whole.bytes / 1e6,
      eventsPerSecond: whole.events / (readMs / 1000),
      mbPerSecond: whole.bytes / 1e6 / (readMs / 1000),
    },
    tail: { events: TAIL_EVENTS, p50: percentile(tailTimes, 50), p99: percentile(tailTimes, 99) },
  };
}
