#!/usr/bin/env node
// `npm run bench:api`: the session API under the SDK's load. BENCH_CLIENTS (50) concurrent clients
// each loop what the CodeSpar SDK does with a session (create, 5 executes of a mocked tool, send,
// sendStream, close; lib/sdk-client.mjs) against the gateway (workerd via `npm run serve`, state on
// disk, managed turns against a scripted Anthropic server on loopback, lib/mock-anthropic.mjs) and
// against its floor, a bare Worker + one Durable Object per session answering the same paths
// (lib/echo-worker.mjs, also on workerd, on disk). The servers take turns in phases of
// BENCH_PHASE_SECONDS (10), BENCH_PHASES (3) each, so both see the same machine conditions.
// Prints calls/s and the gateway/echo ratio (target >= 0.5x), p50/p99 per call kind, workerd CPU
// per call, then the latency a streamed turn adds (provider chunk -> SDK frame, 1 client,
// BENCH_LATENCY_TURNS x BENCH_LATENCY_PIECES), and a BENCH_JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { benchApi } from "./lib/bench-api.mjs";
import { fmt, printTable, ratio } from "./lib/bench-format.mjs";
import { percentile } from "./lib/bench-load.mjs";
import { streamedTurnLatency } from "./lib/frame-latency.mjs";
import { startHelperServer } from "./lib/helper-server.mjs";
import { freePort } from "./lib/local-gateway.mjs";
import { startMockAnthropic } from "./lib/mock-anthropic.mjs";
import { cpuMsOf, workerdPids } from "./lib/proc-stats.mjs";
import { sdkClient } from "./lib/sdk-client.mjs";
import { startServeProcess } from "./lib/serve-process.mjs";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PHASES = Number(process.env.BENCH_PHASES ?? 3);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 10);
const LATENCY_TURNS = Number(process.env.BENCH_LATENCY_TURNS ?? 5);
const LATENCY_PIECES = Number(process.env.BENCH_LATENCY_PIECES ?? 50);
const LATENCY_INTERVAL_MS = Number(process.env.BENCH_LATENCY_INTERVAL_MS ?? 20);
const EXECUTES = 5;
const CALLS_PER_SEQUENCE = EXECUTES + 4;
/** The load's turns: a short answer, its pieces written at once. */
const TURN_PIECES = 3;
const API_KEY = "csk_test_benchBenchBenchBenchBench0003";
const MODEL = "claude-sonnet-4-5";
/** The public smoke test's shape: a session on one server whose tool is mocked (test mode, no upstream). */
const MOCK_TOOL = "asaas/create_customer";
const MOCK_DATA = { id: "cus_000005219613", name: "Bench Customer", email: "bench@example.com", object: "customer" };
const TOOL_INPUT = { name: "Bench Customer", email: "bench@example.com", cpfCnpj: "24971563792" };
const KINDS = /** @type {const} */ (["create", "execute", "send", "sendStream", "close"]);

/**
 * @typedef {(typeof KINDS)[number]} Kind
 * @typedef {object} Server
 * @property {string} name
 * @property {import("./lib/sdk-client.mjs").SdkClient} client
 * @property {number[]} pids its workerd processes
 * @property {Record<Kind, number[]>} samples latencies of the calls that ended inside a phase's window, ms
 * @property {{ windowCalls: number; windowMs: number; calls: number; workerdCpuMs: number; benchCpuMs: number }} totals over the measured phases
 */

const Whoami = z.looseObject({ project: z.looseObject({ id: z.string() }) });

/** CPU (ms) this process has used: the clients and the mock provider. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * One SDK session from create to close, each call's latency handed to `record` as it ends.
 * @param {import("./lib/sdk-client.mjs").SdkClient} client
 * @param {string} user
 * @param {(kind: Kind, ms: number, endedAt: number) => void} record
 */
async function sequence(client, user, record) {
  /**
   * @template T
   * @param {Kind} kind
   * @param {() => Promise<T>} run
   * @returns {Promise<T>}
   */
  const timed = async (kind, run) => {
    const started = performance.now();
    const value = await run();
    const ended = performance.now();
    record(kind, ended - started, ended);
    return value;
  };
  const id = await timed("create", () => client.createSession({ servers: ["asaas"], user_id: user, mocks: { [MOCK_TOOL]: MOCK_DATA } }));
  for (let i = 0; i < EXECUTES; i++) {
    const result = await timed("execute", () => client.execute(id, MOCK_TOOL, TOOL_INPUT));
    if (!result.success) throw new Error(`execute ${MOCK_TOOL} failed: ${result.error}`);
  }
  await timed("send", () => client.send(id, "hello"));
  await timed("sendStream", async () => {
    let last = "";
    for await (const frame of client.sendStream(id, "hello")) last = frame.event;
    if (last !== "done") throw new Error(`sendStream ended with ${last || "no frame"}`);
  });
  await timed("close", () => client.close(id));
}

/**
 * All clients loop sequences on one server for `seconds`; each then finishes the sequence it is in,
 * so every session is closed. Throughput and latencies count the calls that ended inside the
 * window, when all clients were busy; CPU per call is the whole phase's CPU over all its calls.
 * @param {Server} server
 * @param {number} seconds 0: one sequence per client, nothing recorded (the warm-up)
 */
async function phase(server, seconds) {
  const cpuBefore = server.pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const benchBefore = ownCpuMs();
  const deadline = performance.now() + seconds * 1000;
  let inWindow = 0;
  let all = 0;
  /** @type {(kind: Kind, ms: number, endedAt: number) => void} */
  const record = (kind, ms, endedAt) => {
    all += 1;
    if (endedAt > deadline) return;
    inWindow += 1;
    server.samples[kind].push(ms);
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, index) => {
      do {
        await sequence(server.client, `bench-user-${index}`, seconds > 0 ? record : () => {});
      } while (performance.now() < deadline);
    }),
  );
  if (seconds === 0) return;
  server.totals.windowCalls += inWindow;
  server.totals.windowMs += seconds * 1000;
  server.totals.calls += all;
  server.totals.workerdCpuMs += server.pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - cpuBefore;
  server.totals.benchCpuMs += ownCpuMs() - benchBefore;
}

/**
 * @param {string} name
 * @param {string} url
 * @param {number | undefined} pid the server's launcher process
 * @returns {Server}
 */
function serverOf(name, url, pid) {
  if (pid === undefined) throw new Error(`${name} has no process id`);
  const pids = workerdPids(pid);
  if (pids.length === 0) throw new Error(`${name} runs no workerd process`);
  return {
    name,
    client: sdkClient(url, API_KEY),
    pids,
    samples: { create: [], execute: [], send: [], sendStream: [], close: [] },
    totals: { windowCalls: 0, windowMs: 0, calls: 0, workerdCpuMs: 0, benchCpuMs: 0 },
  };
}

/** @param {Server} server */
function summary(server) {
  const { windowCalls, windowMs, calls, workerdCpuMs, benchCpuMs } = server.totals;
  /** @param {number | null} n */
  const round = (n) => (n === null ? null : Number(n.toFixed(2)));
  return {
    calls,
    windowCalls,
    windowSeconds: windowMs / 1000,
    callsPerSecond: Number(((windowCalls * 1000) / windowMs).toFixed(1)),
    workerdCpuMsPerCall: round(workerdCpuMs / calls),
    benchCpuMsPerCall: round(benchCpuMs / calls),
    latencyMs: Object.fromEntries(
      KINDS.map((kind) => [
        kind,
        { count: server.samples[kind].length, p50: round(percentile(server.samples[kind], 50)), p99: round(percentile(server.samples[kind], 99)) },
      ]),
    ),
  };
}

/**
 * @param {ReturnType<typeof summary>} gateway
 * @param {ReturnType<typeof summary>} echo
 * @param {import("./lib/frame-latency.mjs").FrameLatency} streamed
 */
function print(gateway, echo, streamed) {
  /** @param {ReturnType<typeof summary>} s @param {Kind} kind */
  const cell = (s, kind) => `${fmt(s.latencyMs[kind]?.p50)} / ${fmt(s.latencyMs[kind]?.p99)}`;
  const rows = [
    [`calls/s, ${CLIENTS} clients`, fmt(gateway.callsPerSecond, 0), fmt(echo.callsPerSecond, 0), ratio(gateway.callsPerSecond, echo.callsPerSecond), ">= 0.5x"],
    ...KINDS.map((kind) => [
      `${kind}${kind === "execute" ? ` (x${EXECUTES})` : ""} p50 / p99 ms`,
      cell(gateway, kind),
      cell(echo, kind),
      `p50 ${ratio(gateway.latencyMs[kind]?.p50, echo.latencyMs[kind]?.p50)}`,
      "",
    ]),
    [
      "workerd CPU ms per call",
      fmt(gateway.workerdCpuMsPerCall, 2),
      fmt(echo.workerdCpuMsPerCall, 2),
      ratio(gateway.workerdCpuMsPerCall, echo.workerdCpuMsPerCall),
      "",
    ],
    ["bench process CPU ms per call (clients, mock provider)", fmt(gateway.benchCpuMsPerCall, 2), fmt(echo.benchCpuMsPerCall, 2), "", ""],
    [
      `streamed turn, provider chunk -> SDK frame p50 / p99 ms (1 client, ${streamed.samples} pieces)`,
      `${fmt(streamed.p50Ms)} / ${fmt(streamed.p99Ms)}`,
      "-",
      "",
      "",
    ],
  ];
  printTable(["metric", "gateway (serve, disk)", "echo (bare Worker + object, workerd, disk)", "gateway / echo", "target"], rows);
}

async function main() {
  const stateDir = mkdtempSync(join(tmpdir(), "bench-api-"));
  /** @type {Array<{ stop: () => Promise<void> } | { close: () => Promise<void> }>} */
  const running = [];
  try {
    console.error(`[bench:api] starting the gateway (workerd), the echo baseline and the mock provider; state in ${tmpdir()}`);
    const turnMock = await startMockAnthropic({ pieces: TURN_PIECES, intervalMs: 0 });
    running.push(turnMock);
    const latencyMock = await startMockAnthropic({ pieces: LATENCY_PIECES, intervalMs: LATENCY_INTERVAL_MS });
    running.push(latencyMock);
    const gatewayProcess = await startServeProcess({
      port: await freePort(),
      stateDir: join(stateDir, "gateway"),
      env: { DEV_API_KEY: API_KEY, ANTHROPIC_API_KEY: "sk-ant-bench-0001", ALLOW_LOOPBACK_UPSTREAMS: "true", REQUEST_LOG: "false" },
    });
    running.push(gatewayProcess);
    const echoProcess = await startHelperServer("bare-object-server.mjs", await freePort(), { STATE_DIR: join(stateDir, "echo"), BARE_WORKER: "echo" });
    running.push(echoProcess);

    // The SDK sends no runtime: the project's default one points its managed turns at the mock.
    const api = benchApi(gatewayProcess.url, API_KEY);
    const { project } = Whoami.parse(await api("GET", "/v1/whoami"));
    await api("PATCH", `/v1/projects/${project.id}`, { default_runtime: { type: "managed", provider: "anthropic", model: MODEL, base_url: turnMock.origin } });

    const gateway = serverOf("gateway", gatewayProcess.url, gatewayProcess.child.pid);
    const echo = serverOf("echo", echoProcess.url, echoProcess.child.pid);
    for (const server of [gateway, echo]) {
      console.error(`[bench:api] ${server.name}: warm-up, one sequence per client`);
      await phase(server, 0);
    }
    for (let p = 0; p < PHASES; p++) {
      // Who goes first alternates, so neither always runs right after the other's load.
      for (const server of p % 2 === 0 ? [gateway, echo] : [echo, gateway]) {
        console.error(`[bench:api] ${server.name}: phase ${p + 1}/${PHASES}, ${CLIENTS} clients, ${PHASE_SECONDS} s`);
        await phase(server, PHASE_SECONDS);
      }
    }

    console.error(`[bench:api] gateway: streamed-turn latency, 1 client, ${LATENCY_TURNS} turns x ${LATENCY_PIECES} pieces`);
    const latencySession = await gateway.client.createSession({
      servers: [],
      runtime: { type: "managed", provider: "anthropic", model: MODEL, base_url: latencyMock.origin },
    });
    const streamed = await streamedTurnLatency(gateway.client, latencySession, latencyMock, LATENCY_TURNS);
    await gateway.client.close(latencySession);

    const results = { gateway: summary(gateway), echo: summary(echo) };
    print(results.gateway, results.echo, streamed);
    const callsRatio = Number((results.gateway.callsPerSecond / results.echo.callsPerSecond).toFixed(2));
    console.log(
      `\n${CALLS_PER_SEQUENCE} calls per sequence (create, ${EXECUTES} executes of a mocked tool, send, sendStream, close); servers took turns in ${PHASES} phases of ${PHASE_SECONDS} s each, state on disk in ${tmpdir()}`,
    );
    const config = {
      clients: CLIENTS,
      phases: PHASES,
      phaseSeconds: PHASE_SECONDS,
      executesPerSequence: EXECUTES,
      turnPieces: TURN_PIECES,
      latency: { turns: LATENCY_TURNS, pieces: LATENCY_PIECES, pieceIntervalMs: LATENCY_INTERVAL_MS },
      stateRoot: tmpdir(),
    };
    console.log(`BENCH_JSON ${JSON.stringify({ config, ...results, gatewayToEcho: { callsPerSecond: callsRatio, target: 0.5 }, streamedTurn: streamed })}`);
  } finally {
    for (const each of running.reverse()) await ("stop" in each ? each.stop() : each.close());
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench:api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
