#!/usr/bin/env node
// `npm run bench`: the gateway (on workerd via `npm run serve`, no dev proxy) against three
// baselines in one run, on loopback, with the same load: the Durable Streams reference server
// (@durable-streams/server) in memory and with its file-backed store, and a bare Durable Object
// (scripts/lib/bare-object-worker.mjs: one SQLite row per message, naive fan-out, on workerd like the
// gateway), the platform's floor. Scenarios: sequential and concurrent appends, append-to-delivery
// latency with 1/100/1000 SSE readers (exactly once, in order), a catch-up read of 10,000 events,
// and each server's peak memory. State is on disk (the system's temp folder) unless
// BENCH_STATE=tmpfs puts it in /dev/shm (or BENCH_STATE_DIR names a folder). Prints a table with
// ratios and a BENCH_JSON line. BENCH_READERS, BENCH_EVENTS, BENCH_RATE shrink it for quick runs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendThroughput, catchUp, deliveryLatency } from "./lib/bench-load.mjs";
import { freePort } from "./lib/local-gateway.mjs";
import { fmt, ratio } from "./lib/bench-format.mjs";
import { startHelperServer } from "./lib/helper-server.mjs";
import { rssOf, treeRss } from "./lib/proc-stats.mjs";
import { startServeProcess } from "./lib/serve-process.mjs";

const READERS = (process.env.BENCH_READERS ?? "1,100,1000").split(",").map(Number);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
const RATE_PER_S = Number(process.env.BENCH_RATE ?? 20);
const SEQUENTIAL_APPENDS = 1_000;
const CONCURRENT_APPENDS = 2_000;
const CONCURRENT_WRITERS = 32;
const CATCH_UP_EVENTS = 10_000;
const MEMORY_SAMPLE_MS = 250;
const API_KEY = "csk_test_benchBenchBenchBenchBench0001";

/**
 * Peak resident memory of a server's process tree. For the gateway, the serving process is workerd;
 * the Node process that launched it (Miniflare) only supervises, so it is reported apart.
 * @param {number} pid
 * @param {{ supervisor?: boolean }} [options]
 * @returns {Memory}
 */
function watchMemory(pid, { supervisor = false } = {}) {
  let peak = 0;
  let peakSupervisor = 0;
  const sample = () => {
    const own = rssOf(pid);
    peak = Math.max(peak, treeRss(pid) - (supervisor ? own : 0));
    peakSupervisor = Math.max(peakSupervisor, supervisor ? own : 0);
  };
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  /** @param {number} bytes */
  const mb = (bytes) => Math.round(bytes / 1024 / 1024);
  return {
    peakMb: () => (sample(), mb(peak)),
    supervisorMb: () => mb(peakSupervisor),
    stop: () => clearInterval(timer),
  };
}

/**
 * @typedef {{ peakMb: () => number; supervisorMb: () => number; stop: () => void }} Memory
 * @typedef {import("./lib/bench-load.mjs").Target & { memory: Memory }} BenchTarget
 * @typedef {Awaited<ReturnType<typeof appendThroughput>>} Throughput
 * @typedef {object} Results
 * @property {Throughput} [sequential]
 * @property {Throughput} [concurrent]
 * @property {Array<Awaited<ReturnType<typeof deliveryLatency>>>} delivery
 * @property {Awaited<ReturnType<typeof catchUp>>} [catchUp]
 * @property {number} [peakRssMb]
 * @property {number} [supervisorRssMb]
 */

/**
 * A delivery run, or, when a server cannot take that many readers (they never all connect), the
 * record of its collapse: nothing delivered, not once.
 * @param {BenchTarget} target
 * @param {string} path
 * @param {number} readers
 */
async function deliveryOrCollapse(target, path, readers) {
  try {
    return await deliveryLatency(target, path, { readers, events: EVENTS, ratePerSecond: RATE_PER_S });
  } catch (error) {
    console.error(`[bench] ${target.name}, ${readers} readers: ${error instanceof Error ? error.message : String(error)}`);
    return { readers, p50: null, p99: null, delivered: 0, expected: readers * EVENTS, exactlyOnceInOrder: false };
  }
}

/**
 * Each scenario runs on every server back to back, so all see the same machine conditions.
 * @param {BenchTarget[]} targets
 * @returns {Promise<Map<string, Results>>} each target's results by its name
 */
async function runAll(targets) {
  /** @type {Map<string, Results>} */
  const results = new Map(targets.map((target) => [target.name, { delivery: [] }]));
  const stamp = Date.now();
  /**
   * @param {string} label
   * @param {(target: BenchTarget, out: Results, id: string) => Promise<void>} run
   */
  const each = async (label, run) => {
    for (const target of targets) {
      console.error(`[bench] ${target.name}: ${label}`);
      await run(target, resultsOf(results, target.name), `${target.name}-${stamp}`);
    }
  };
  await each("sequential appends", async (target, out, id) => {
    out.sequential = await appendThroughput(target, `${id}-seq`, SEQUENTIAL_APPENDS, 1);
  });
  await each("concurrent appends", async (target, out, id) => {
    out.concurrent = await appendThroughput(target, `${id}-conc`, CONCURRENT_APPENDS, CONCURRENT_WRITERS);
  });
  for (const readers of READERS) {
    await each(`${readers} readers`, async (target, out, id) => {
      out.delivery.push(await deliveryOrCollapse(target, `${id}-live-${readers}`, readers));
    });
  }
  await each("catch-up", async (target, out, id) => {
    out.catchUp = await catchUp(target, `${id}-catchup`, CATCH_UP_EVENTS);
  });
  for (const target of targets) {
    const out = resultsOf(results, target.name);
    out.peakRssMb = target.memory.peakMb();
    out.supervisorRssMb = target.memory.supervisorMb();
  }
  return results;
}

/**
 * @param {Map<string, Results>} results
 * @param {string} name
 * @returns {Results}
 */
function resultsOf(results, name) {
  const out = results.get(name);
  if (!out) throw new Error(`no results for ${name}`);
  return out;
}

/** The servers, in the table's column order. */
const COLUMNS = [
  { name: "reference", head: "reference, memory" },
  { name: "reference-file", head: "reference, file store" },
  { name: "bare", head: "bare object (workerd, disk)" },
  { name: "gateway", head: "gateway (serve, disk)" },
];

/**
 * @param {Map<string, Results>} results
 */
function printTable(results) {
  const all = COLUMNS.map(({ name }) => resultsOf(results, name));
  const [reference, , bare, gateway] = all;
  if (!reference || !bare || !gateway) throw new Error("a server has no results");
  /**
   * @param {string} label
   * @param {(r: Results) => string} cell
   * @param {string} vsBare
   * @param {string} vsReference
   * @param {string} target
   */
  const row = (label, cell, vsBare, vsReference, target) => [label, ...all.map(cell), vsBare, vsReference, target];
  /** @param {Results} r */
  const seq = (r) => r.sequential;
  /** @param {Results} r */
  const conc = (r) => r.concurrent;
  /** @param {Results} r @param {number} i */
  const delivery = (r, i) => r.delivery[i];
  /** @param {NonNullable<ReturnType<typeof delivery>>} d */
  const once = (d) => `${d.exactlyOnceInOrder ? "yes" : "NO"} (${d.delivered}/${d.expected})`;
  const rows = [
    row(
      "appends/s, sequential",
      (r) => fmt(seq(r)?.appendsPerSecond, 0),
      ratio(seq(gateway)?.appendsPerSecond, seq(bare)?.appendsPerSecond),
      ratio(seq(gateway)?.appendsPerSecond, seq(reference)?.appendsPerSecond),
      ">= 0.9x bare",
    ),
    row("sequential p50 / p99 ms", (r) => `${fmt(seq(r)?.p50)} / ${fmt(seq(r)?.p99)}`, "", "", ""),
    row(
      `appends/s, ${CONCURRENT_WRITERS} writers`,
      (r) => fmt(conc(r)?.appendsPerSecond, 0),
      ratio(conc(gateway)?.appendsPerSecond, conc(bare)?.appendsPerSecond),
      ratio(conc(gateway)?.appendsPerSecond, conc(reference)?.appendsPerSecond),
      ">= 0.9x bare",
    ),
    row("concurrent p50 / p99 ms", (r) => `${fmt(conc(r)?.p50)} / ${fmt(conc(r)?.p99)}`, "", "", ""),
    ...READERS.map((readers, i) =>
      row(
        `delivery p50 / p99 ms, ${readers} readers; exactly once`,
        (r) => {
          const d = delivery(r, i);
          return d ? `${fmt(d.p50)} / ${fmt(d.p99)}; ${once(d)}` : "-";
        },
        `p99 ${ratio(delivery(gateway, i)?.p99, delivery(bare, i)?.p99)}`,
        `p99 ${ratio(delivery(gateway, i)?.p99, delivery(reference, i)?.p99)}`,
        readers >= 100 ? "p99 <= 2x reference, all once" : "",
      ),
    ),
    row(
      `catch-up of ${CATCH_UP_EVENTS} events, ms`,
      (r) => fmt(r.catchUp?.ms, 0),
      ratio(gateway.catchUp?.ms, bare.catchUp?.ms),
      ratio(gateway.catchUp?.ms, reference.catchUp?.ms),
      "",
    ),
    row(
      "peak RSS of the serving process(es), MB",
      (r) => String(r.peakRssMb),
      ratio(gateway.peakRssMb, bare.peakRssMb),
      ratio(gateway.peakRssMb, reference.peakRssMb),
      "<= 3x reference",
    ),
  ];
  const heads = COLUMNS.map(({ head }) => head);
  console.log(`\n| metric | ${heads.join(" | ")} | gateway / bare | gateway / reference | target |\n|${"---|".repeat(heads.length + 4)}`);
  for (const cells of rows) console.log(`| ${cells.join(" | ")} |`);
}

/** Where server state goes: on disk unless a tmpfs run is asked for by name. */
function stateRoot() {
  if (process.env.BENCH_STATE_DIR) return process.env.BENCH_STATE_DIR;
  if (process.env.BENCH_STATE === "tmpfs") return "/dev/shm";
  return tmpdir();
}

async function main() {
  const root = stateRoot();
  const stateDir = mkdtempSync(join(root, "gateway-bench-"));
  /** @type {Array<{ stop: () => Promise<void> }>} */
  const servers = [];
  try {
    console.error(`[bench] starting the gateway (workerd) and the baselines; state in ${root}`);
    // Without the per-request log line, as the other servers have none: all do the same work.
    const gatewayServer = await startServeProcess({
      port: await freePort(),
      stateDir: join(stateDir, "gateway"),
      env: { DEV_API_KEY: API_KEY, REQUEST_LOG: "false" },
    });
    servers.push(gatewayServer);
    const referenceServer = await startHelperServer("reference-server.mjs", await freePort());
    servers.push(referenceServer);
    const fileServer = await startHelperServer("reference-server.mjs", await freePort(), { DATA_DIR: join(stateDir, "reference-file") });
    servers.push(fileServer);
    const bareServer = await startHelperServer("bare-object-server.mjs", await freePort(), { STATE_DIR: join(stateDir, "bare") });
    servers.push(bareServer);
    /**
     * @param {string} name
     * @param {{ url: string; child: { pid?: number } }} server
     * @param {boolean} supervised a Node launcher (Miniflare) runs workerd: its own memory is reported apart
     * @param {Record<string, string>} [headers]
     * @returns {BenchTarget}
     */
    const target = (name, server, supervised, headers = {}) => {
      const pid = server.child.pid;
      if (pid === undefined) throw new Error(`${name} has no process id`);
      return { name, url: server.url, headers, memory: watchMemory(pid, { supervisor: supervised }) };
    };
    const targets = [
      target("reference", referenceServer, false),
      target("reference-file", fileServer, false),
      target("bare", bareServer, true),
      target("gateway", gatewayServer, true, { authorization: `Bearer ${API_KEY}` }),
    ];
    const results = await runAll(targets);
    for (const each of targets) each.memory.stop();
    printTable(results);
    const launchers = ["bare", "gateway"].map((name) => `${name} ${resultsOf(results, name).supervisorRssMb} MB`).join(", ");
    console.log(`\nstate in ${root}; the Node launchers (Miniflare, outside the request path) peaked at ${launchers}`);
    const config = {
      stateRoot: root,
      readers: READERS,
      events: EVENTS,
      ratePerSecond: RATE_PER_S,
      sequentialAppends: SEQUENTIAL_APPENDS,
      concurrentAppends: CONCURRENT_APPENDS,
      concurrentWriters: CONCURRENT_WRITERS,
      catchUpEvents: CATCH_UP_EVENTS,
    };
    console.log(`BENCH_JSON ${JSON.stringify({ config, ...Object.fromEntries(results) })}`);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
