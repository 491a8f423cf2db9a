// The benchmark's load, identical for every server: sequential and concurrent appends, SSE readers
// at the tail measuring append-to-delivery latency (and checking exactly-once, in-order delivery),
// and a catch-up read of a long stream. Loops are bounded; everything talks to loopback only.
import http from "node:http";

/**
 * A server under load: where it listens and the headers each request carries.
 * @typedef {{ name: string; url: string; headers: Record<string, string> }} Target
 */
/** @typedef {{ i: number; t: number }} BenchEvent */

const now = () => performance.timeOrigin + performance.now();
const PAD = "x".repeat(160);
/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {unknown} value
 * @returns {value is BenchEvent}
 */
const isBenchEvent = (value) =>
  typeof value === "object" && value !== null && "i" in value && typeof value.i === "number" && "t" in value && typeof value.t === "number";

/**
 * @param {number[]} values
 * @param {number} p
 * @returns {number | null}
 */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
}

/** @param {number[]} latencies */
const summary = (latencies) => ({ p50: percentile(latencies, 50), p99: percentile(latencies, 99) });

/**
 * A ~200-byte JSON event carrying its index and send time.
 * @param {number} i
 */
const event = (i) => ({ i, t: now(), pad: PAD });

/**
 * @param {Target} target
 * @param {string} path
 */
export async function createStream(target, path) {
  const res = await fetch(`${target.url}/v1/stream/${path}`, { method: "PUT", headers: { ...target.headers, "content-type": "application/json" } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`${target.name}: create ${path} -> ${res.status}`);
}

/**
 * @param {Target} target
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<number>} the append's latency in ms
 */
async function append(target, path, body) {
  const started = now();
  const res = await fetch(`${target.url}/v1/stream/${path}`, {
    method: "POST",
    headers: { ...target.headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status !== 204 && res.status !== 200) throw new Error(`${target.name}: append -> ${res.status}`);
  return now() - started;
}

/**
 * `count` appends from `writers` concurrent clients to one stream.
 * @param {Target} target
 * @param {string} path
 * @param {number} count
 * @param {number} writers
 */
export async function appendThroughput(target, path, count, writers) {
  await createStream(target, path);
  /** @type {number[]} */
  const latencies = [];
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < count) {
        next += 1;
        latencies.push(await append(target, path, event(next)));
      }
    }),
  );
  const seconds = (now() - started) / 1000;
  return { appendsPerSecond: count / seconds, ...summary(latencies) };
}

/**
 * One SSE reader: parses data events, records delivery latency, checks order and uniqueness.
 * @param {Target} target
 * @param {string} path
 * @param {http.Agent} agent
 * @param {(message: BenchEvent, at: number) => void} onMessage
 */
function openReader(target, path, agent, onMessage) {
  /** @type {{ resolve: (value?: unknown) => void; reject: (error: Error) => void }} */
  const connected = { resolve: () => {}, reject: () => {} };
  const ready = new Promise((resolve, reject) => Object.assign(connected, { resolve, reject }));
  const url = new URL(`${target.url}/v1/stream/${path}?offset=now&live=sse`);
  const request = http.get(url, { agent, headers: target.headers }, (response) => {
    if (response.statusCode !== 200) return connected.reject(new Error(`${target.name}: SSE -> ${response.statusCode}`));
    response.setEncoding("utf8");
    let buffer = "";
    response.on("data", (/** @type {string} */ chunk) => {
      const at = now();
      buffer += chunk;
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        boundary = buffer.indexOf("\n\n");
        if (block.startsWith("event: control")) connected.resolve();
        if (!block.startsWith("event: data")) continue;
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5))
          .join("\n");
        /** @type {unknown} */
        const messages = JSON.parse(data);
        if (Array.isArray(messages)) for (const message of messages.filter(isBenchEvent)) onMessage(message, at);
      }
    });
    response.on("error", () => {});
  });
  request.on("error", (error) => connected.reject(error));
  return { ready, close: () => request.destroy() };
}

/**
 * `readers` SSE readers at the tail; `events` appends at `ratePerSecond`; delivery latency and exactly-once.
 * @param {Target} target
 * @param {string} path
 * @param {{ readers: number; events: number; ratePerSecond: number; connectTimeoutMs?: number }} load
 */
export async function deliveryLatency(target, path, { readers, events, ratePerSecond, connectTimeoutMs = 120_000 }) {
  await createStream(target, path);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  /** @type {number[]} */
  const latencies = [];
  const state = Array.from({ length: readers }, () => ({ next: 1, received: 0, duplicates: 0, outOfOrder: 0 }));
  const opened = state.map((reader) =>
    openReader(target, path, agent, (message, at) => {
      latencies.push(at - message.t);
      reader.received += 1;
      if (message.i === reader.next) reader.next += 1;
      else if (message.i < reader.next) reader.duplicates += 1;
      else {
        reader.outOfOrder += 1;
        reader.next = message.i + 1;
      }
    }),
  );
  try {
    await Promise.race([
      Promise.all(opened.map((reader) => reader.ready)),
      sleep(connectTimeoutMs).then(() => Promise.reject(new Error(`${target.name}: readers did not connect`))),
    ]);
    const started = now();
    for (let i = 1; i <= events; i += 1) {
      await append(target, path, event(i));
      const wait = started + (i * 1000) / ratePerSecond - now();
      if (wait > 0) await sleep(wait);
    }
    const deadline = now() + 30_000;
    while (now() < deadline && state.some((reader) => reader.received < events)) await sleep(50);
  } finally {
    for (const reader of opened) reader.close();
    agent.destroy();
  }
  const delivered = state.reduce((sum, reader) => sum + reader.received, 0);
  const exactlyOnceInOrder = state.every((reader) => reader.received === events && reader.duplicates === 0 && reader.outOfOrder === 0);
  return { readers, ...summary(latencies), delivered, expected: readers * events, exactlyOnceInOrder };
}

/**
 * Fills a stream with `count` events (in batches), then times reading it all from the start.
 * @param {Target} target
 * @param {string} path
 * @param {number} count
 * @param {number} [runs]
 */
export async function catchUp(target, path, count, runs = 3) {
  await createStream(target, path);
  const batch = 100;
  for (let i = 0; i < count; i += batch)
    await append(
      target,
      path,
      Array.from({ length: Math.min(batch, count - i) }, (_, j) => event(i + j + 1)),
    );
  /** @type {number[]} */
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const started = now();
    let offset = "-1";
    let read = 0;
    for (let page = 0; page < 1_000; page += 1) {
      const res = await fetch(`${target.url}/v1/stream/${path}?offset=${offset}`, { headers: target.headers });
      /** @type {unknown} */
      const messages = await res.json();
      if (!Array.isArray(messages)) throw new Error(`${target.name}: a catch-up read answered ${res.status} without a JSON array`);
      read += messages.length;
      const next = res.headers.get("stream-next-offset");
      if (next === null) throw new Error(`${target.name}: a catch-up read answered ${res.status} without Stream-Next-Offset`);
      offset = next;
      if (res.headers.get("stream-up-to-date") === "true") break;
    }
    if (read !== count) throw new Error(`${target.name}: catch-up read ${read} of ${count}`);
    times.push(now() - started);
  }
  return { events: count, ms: percentile(times, 50) };
}
