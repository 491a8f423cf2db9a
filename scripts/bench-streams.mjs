#!/usr/bin/env node
// `npm run bench`: the gateway (on workerd via `npm run serve`, no dev proxy) against the reference
// server (@durable-streams/server) in one run, on loopback, with the same load: sequential and
// concurrent appends, append-to-delivery latency with 1/100/1000 SSE readers (exactly once, in
// order), a catch-up read of 10,000 events, and the servers' peak memory. Prints a table and a
// BENCH_JSON line. BENCH_READERS, BENCH_EVENTS, BENCH_RATE shrink it for quick runs.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendThroughput, catchUp, deliveryLatency } from "./lib/bench-load.mjs";
import { freePort, ROOT, stopProcess } from "./lib/local-gateway.mjs";
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
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;

/** @param {number} pid */
const rssOf = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};

/**
 * Resident memory (bytes) of a process and all its descendants, from /proc.
 * @param {number} pid
 */
function treeRss(pid) {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8").trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended
    }
  }
  return total;
}

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
 * @param {number} port
 * @returns {Promise<{ url: string; child: import("node:child_process").ChildProcess; stop: () => Promise<void> }>}
 */
function startReference(port) {
  const child = spawn(NODE, [join(ROOT, "scripts", "lib", "reference-server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      const url = /READY (\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child, stop: () => stopProcess(child) });
    });
    child.once("exit", (code) => reject(new Error(`reference server exited with ${code}`)));
  });
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
 * Each scenario runs on both servers back to back, so both see the same machine conditions.
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
      out.delivery.push(await deliveryLatency(target, `${id}-live-${readers}`, { readers, events: EVENTS, ratePerSecond: RATE_PER_S }));
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

/**
 * @param {number | null | undefined} n
 * @param {number} [digits]
 */
const fmt = (n, digits = 1) => (n === null || n === undefined ? "-" : Number(n).toFixed(digits));
/**
 * @param {number | null | undefined} a
 * @param {number | null | undefined} b
 */
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : "-");

/**
 * @param {Results} reference
 * @param {Results} gateway
 */
function printTable(reference, gateway) {
  const { sequential: refSeq, concurrent: refConc, catchUp: refCatchUp } = reference;
  const { sequential: gwSeq, concurrent: gwConc, catchUp: gwCatchUp } = gateway;
  if (!refSeq || !refConc || !refCatchUp || !gwSeq || !gwConc || !gwCatchUp) throw new Error("a scenario has no results");
  const rows = [
    [
      "appends/s, sequential",
      fmt(refSeq.appendsPerSecond, 0),
      fmt(gwSeq.appendsPerSecond, 0),
      ratio(gwSeq.appendsPerSecond, refSeq.appendsPerSecond),
      ">= 0.5x",
    ],
    ["sequential p50 / p99 ms", `${fmt(refSeq.p50)} / ${fmt(refSeq.p99)}`, `${fmt(gwSeq.p50)} / ${fmt(gwSeq.p99)}`, "", ""],
    [
      `appends/s, ${CONCURRENT_WRITERS} writers`,
      fmt(refConc.appendsPerSecond, 0),
      fmt(gwConc.appendsPerSecond, 0),
      ratio(gwConc.appendsPerSecond, refConc.appendsPerSecond),
      "",
    ],
    ["concurrent p50 / p99 ms", `${fmt(refConc.p50)} / ${fmt(refConc.p99)}`, `${fmt(gwConc.p50)} / ${fmt(gwConc.p99)}`, "", ""],
    ...reference.delivery.map((ref, i) => {
      const gw = gateway.delivery[i];
      if (!gw) throw new Error(`the gateway has no delivery result for ${ref.readers} readers`);
      /** @param {typeof ref} d */
      const once = (d) => `${d.exactlyOnceInOrder ? "yes" : "NO"} (${d.delivered}/${d.expected})`;
      return [
        `delivery p50 / p99 ms, ${ref.readers} readers; exactly once`,
        `${fmt(ref.p50)} / ${fmt(ref.p99)}; ${once(ref)}`,
        `${fmt(gw.p50)} / ${fmt(gw.p99)}; ${once(gw)}`,
        `p99 ${ratio(gw.p99, ref.p99)}`,
        ref.readers === 1000 ? "p99 <= 5x, all once" : "",
      ];
    }),
    [`catch-up of ${CATCH_UP_EVENTS} events, ms`, fmt(refCatchUp.ms, 0), fmt(gwCatchUp.ms, 0), ratio(gwCatchUp.ms, refCatchUp.ms), "<= 2x"],
    ["peak RSS of the serving process, MB", String(reference.peakRssMb), String(gateway.peakRssMb), ratio(gateway.peakRssMb, reference.peakRssMb), "bounded"],
  ];
  console.log("\n| metric | reference server | gateway (workerd) | gateway / reference | target |\n|---|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

async function main() {
  // The reference server keeps streams in memory; the gateway's SQLite state goes to tmpfs by
  // default so the comparison is not one of disk fsyncs (BENCH_STATE_DIR picks another place).
  const stateRoot = process.env.BENCH_STATE_DIR ?? (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
  const stateDir = mkdtempSync(join(stateRoot, "gateway-bench-"));
  /** @type {Array<{ stop: () => Promise<void> }>} */
  const servers = [];
  try {
    console.error("[bench] starting the gateway (workerd) and the reference server");
    // Without the per-request log line, as the reference server has none: both do the same work.
    const gatewayServer = await startServeProcess({ port: await freePort(), stateDir, env: { DEV_API_KEY: API_KEY, REQUEST_LOG: "false" } });
    servers.push(gatewayServer);
    const referenceServer = await startReference(await freePort());
    servers.push(referenceServer);
    const referencePid = referenceServer.child.pid;
    const gatewayPid = gatewayServer.child.pid;
    if (referencePid === undefined || gatewayPid === undefined) throw new Error("a server has no process id");
    const reference = { name: "reference", url: referenceServer.url, headers: {}, memory: watchMemory(referencePid) };
    const memory = watchMemory(gatewayPid, { supervisor: true });
    const gateway = { name: "gateway", url: gatewayServer.url, headers: { authorization: `Bearer ${API_KEY}` }, memory };
    const results = await runAll([reference, gateway]);
    reference.memory.stop();
    gateway.memory.stop();
    const referenceResults = resultsOf(results, "reference");
    const gatewayResults = resultsOf(results, "gateway");
    printTable(referenceResults, gatewayResults);
    console.log(`\ngateway state in ${stateRoot}; its launcher (Node, Miniflare, outside the request path) peaked at ${gatewayResults.supervisorRssMb} MB`);
    const config = {
      stateRoot,
      readers: READERS,
      events: EVENTS,
      ratePerSecond: RATE_PER_S,
      sequentialAppends: SEQUENTIAL_APPENDS,
      concurrentAppends: CONCURRENT_APPENDS,
      concurrentWriters: CONCURRENT_WRITERS,
      catchUpEvents: CATCH_UP_EVENTS,
    };
    console.log(`BENCH_JSON ${JSON.stringify({ config, reference: referenceResults, gateway: gatewayResults })}`);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
