#!/usr/bin/env node
// `npm run bench:execute`: what a tool call costs by whose credential it goes out with, in one run
// against the gateway on workerd (`npm run serve`, on-disk state) and a real MCP server on
// loopback: `execute` of the same tool with (a) the server's project credential (the baseline),
// (b) the session user's own connection (one more D1 lookup, plus the refresh check), and (c) an
// OAuth connection, whose refresh check also runs. Prints p50/p99 per row and the ratio to (a),
// then a BENCH_JSON line. Rows take turns call by call. BENCH_CALLS sets the calls per row (default 300).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import { freePort } from "./lib/local-gateway.mjs";
import { benchApi } from "./lib/bench-api.mjs";
import { startServeProcess } from "./lib/serve-process.mjs";

const CALLS = Number(process.env.BENCH_CALLS ?? 300);
/** BENCH_BASELINE_ONLY=1: only the project-credential row (to compare a build without connections). */
const BASELINE_ONLY = process.env.BENCH_BASELINE_ONLY === "1";
const WARMUP = 20;
const API_KEY = "csk_test_benchBenchBenchBenchBench0002";
const PROJECT_TOKEN = "project-token-0123456789";
const USER_TOKEN = "user-token-0123456789";

/** A stateless MCP server (one transport per request) with one tool; it accepts either token. */
async function startMcp() {
  const server = createServer((request, response) => {
    const ok = [PROJECT_TOKEN, USER_TOKEN].some((token) => request.headers.authorization === `Bearer ${token}`);
    if (!ok) return void response.writeHead(401).end();
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const mcp = new McpServer({ name: "bench", version: "1.0.0" });
      mcp.registerTool("echo", { description: "Echo", inputSchema: { message: z.string() } }, async ({ message }) => ({
        content: [{ type: "text", text: message }],
      }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      void mcp.connect(transport).then(() => transport.handleRequest(request, response, body ? JSON.parse(body) : undefined));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { origin: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/**
 * Two servers without a project credential, each with a connection of the bench user.
 * @param {(method: string, path: string, body?: unknown) => Promise<unknown>} api
 * @param {string} url
 */
async function registerUserServers(api, url) {
  await api("POST", "/v1/servers", { id: "own", name: "Own", url, auth_type: "api_key" });
  await api("POST", "/v1/servers", {
    id: "oauth",
    name: "OAuth",
    url,
    auth_type: "oauth",
    oauth: { authorize_url: "https://auth.example.com/authorize", token_url: "https://auth.example.com/token", client_id: "bench" },
  });
  await api("POST", "/v1/connections", { server_id: "own", user_id: "bench-user", secret: USER_TOKEN });
  await api("POST", "/v1/connections", { server_id: "oauth", user_id: "bench-user", secret: USER_TOKEN });
}

/** @param {number[]} sorted @param {number} q */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function main() {
  const stateDir = mkdtempSync(join(tmpdir(), "bench-execute-"));
  const mcp = await startMcp();
  const gateway = await startServeProcess({
    port: await freePort(),
    stateDir,
    env: { DEV_API_KEY: API_KEY, ALLOW_LOOPBACK_UPSTREAMS: "true", SERVER_CREDENTIALS_KEY: randomBytes(32).toString("hex"), REQUEST_LOG: "false" },
  });
  const api = benchApi(gateway.url, API_KEY);
  try {
    const url = `${mcp.origin}/mcp`;
    await api("POST", "/v1/servers", { id: "shared", name: "Shared", url, auth_type: "api_key", secret: PROJECT_TOKEN });
    const rows = [{ name: "project credential (baseline)", server: "shared", user: /** @type {string | undefined} */ (undefined) }];
    if (!BASELINE_ONLY) {
      rows.push(
        { name: "user connection (api key)", server: "own", user: "bench-user" },
        { name: "user connection (oauth)", server: "oauth", user: "bench-user" },
      );
      await registerUserServers(api, url);
    }

    const sessions = [];
    for (const row of rows) sessions.push(await api("POST", "/v1/sessions", { servers: [row.server], ...(row.user ? { user_id: row.user } : {}) }));
    /** @type {number[][]} */
    const samples = rows.map(() => []);
    // Round-robin over the rows, so warm-up and drift (JIT, caches, the machine) fall on all alike.
    for (let i = 0; i < WARMUP + CALLS; i++) {
      for (const [index, row] of rows.entries()) {
        const started = performance.now();
        const result = await api("POST", `/v1/sessions/${String(sessions[index]?.id)}/execute`, { tool: `${row.server}/echo`, input: { message: "hi" } });
        if (result.success !== true) throw new Error(`${row.name}: ${JSON.stringify(result)}`);
        if (i >= WARMUP) samples[index]?.push(performance.now() - started);
      }
    }
    const results = rows.map((row, index) => {
      const sorted = [...(samples[index] ?? [])].sort((a, b) => a - b);
      return { name: row.name, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
    });
    const base = results[0];
    console.log(`execute, ${CALLS} sequential calls per row, rows interleaved (after ${WARMUP} warm-up rounds), gateway on workerd, MCP server on loopback`);
    for (const row of results) {
      const ratio = base ? ` (${(row.p50 / base.p50).toFixed(2)}x p50, ${(row.p99 / base.p99).toFixed(2)}x p99)` : "";
      console.log(`  ${row.name.padEnd(32)} p50 ${row.p50.toFixed(2)} ms  p99 ${row.p99.toFixed(2)} ms${ratio}`);
    }
    console.log(`BENCH_JSON ${JSON.stringify({ calls: CALLS, rows: results })}`);
  } finally {
    await gateway.stop();
    await mcp.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
