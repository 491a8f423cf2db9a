#!/usr/bin/env node
// `npm run bench:viewer`: how fast the share viewer opens a long session, in a real browser
// (Debian chromium under playwright-core) against the gateway on workerd (`npm run serve`,
// on-disk state). Builds the viewer, reports what a first load downloads (gzipped, as served), then
// opens a BENCH_EVENTS-event session (default 10,000) BENCH_RUNS times (default 5), each in a fresh
// browser context, and prints every run's time from navigation to the first rows and to the
// settled first screen (the latest rows), with the medians, then a BENCH_JSON line.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { bigSession } from "./lib/big-session.mjs";
import { ROOT } from "./lib/local-gateway.mjs";
import { benchApi } from "./lib/bench-api.mjs";
import { startServeOnFreePort } from "./lib/serve-process.mjs";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const API_KEY = "csk_test_benchBenchBenchBenchBench0003";
const LAST_TEXT = `All ${EVENTS} events are in.`;
const APPEND_BATCH = 500;
const CHROMIUM = "/usr/bin/chromium";

/** @typedef {{ querySelectorAll: (selector: string) => ArrayLike<{ textContent: string | null }> }} PageDocument */

/**
 * Runs in the page (this script is checked without the DOM's types): the page's clock once a
 * transcript row containing `wanted` (any row when empty) is in the DOM, else null.
 * @param {string} wanted
 * @returns {number | null}
 */
function rowSeenAt(wanted) {
  /** @type {unknown} */
  const doc = Reflect.get(globalThis, "document");
  /** @type {(value: unknown) => value is PageDocument} */
  const isDocument = (value) => typeof value === "object" && value !== null && typeof Reflect.get(value, "querySelectorAll") === "function";
  if (!isDocument(doc)) return null;
  return Array.from(doc.querySelectorAll(".timeline .vrow")).some((row) => (row.textContent ?? "").includes(wanted)) ? performance.now() : null;
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The files a first load of the viewer fetches: the page, and the scripts and styles it names. */
function firstLoadSizes() {
  const dist = join(ROOT, "spa", "dist");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? "");
  /** @type {{ name: string; bytes: Uint8Array }[]} */
  const files = [
    { name: "index.html", bytes: new TextEncoder().encode(html) },
    ...assets.map((path) => ({ name: path, bytes: readFileSync(join(dist, path)) })),
  ];
  return files.map(({ name, bytes }) => ({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }));
}

async function main() {
  if (process.env.BENCH_NO_BUILD !== "1") execFileSync("npm", ["run", "--silent", "build:spa"], { cwd: ROOT, stdio: "ignore" });
  const sizes = firstLoadSizes();
  const total = sizes.reduce((sum, file) => sum + file.gzip, 0);
  console.log("first load (gzip -9):");
  for (const file of sizes) console.log(`  ${file.name.padEnd(40)} ${(file.gzip / 1024).toFixed(1).padStart(7)} kB  (${(file.raw / 1024).toFixed(1)} kB raw)`);
  console.log(`  ${"total".padEnd(40)} ${(total / 1024).toFixed(1).padStart(7)} kB`);

  const stateDir = mkdtempSync(join(tmpdir(), "bench-viewer-"));
  const gateway = await startServeOnFreePort({ stateDir, env: { DEV_API_KEY: API_KEY, REQUEST_LOG: "false" } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"], headless: true });
  const api = benchApi(gateway.url, API_KEY);
  try {
    const sessionId = String((await api("POST", "/v1/sessions", { servers: [], runtime: { type: "external" } })).id);
    const events = bigSession(EVENTS, LAST_TEXT);
    for (let start = 0; start < events.length; start += APPEND_BATCH) {
      await api("POST", `/v1/sessions/${sessionId}/agent/events`, events.slice(start, start + APPEND_BATCH));
    }
    const code = String((await api("POST", `/v1/sessions/${sessionId}/shares`, { mode: "live" })).code);
    /** @type {{ firstRowsMs: number; settledMs: number }[]} */
    const runs = [];
    // One unmeasured open warms the object and the browser's disk cache of nothing (a fresh context each run).
    for (let run = 0; run <= RUNS; run += 1) {
      const context = await browser.newContext({ baseURL: gateway.url, viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      await page.goto(`/s/${code}`, { waitUntil: "commit" });
      /** @param {string} text */
      const rowTime = async (text) => Number(await (await page.waitForFunction(rowSeenAt, text, { timeout: 60_000, polling: "raf" })).jsonValue());
      const firstRowsMs = await rowTime("");
      const settledMs = await rowTime(LAST_TEXT);
      await context.close();
      if (run === 0) continue;
      runs.push({ firstRowsMs: Math.round(firstRowsMs), settledMs: Math.round(settledMs) });
      console.log(`run ${run}: first rows ${Math.round(firstRowsMs)} ms, settled first screen ${Math.round(settledMs)} ms`);
    }
    const firstRows = runs.map((run) => run.firstRowsMs);
    const settled = runs.map((run) => run.settledMs);
    console.log(
      `${EVENTS} events: first rows median ${median(firstRows)} ms [${firstRows.join(", ")}], settled median ${median(settled)} ms [${settled.join(", ")}]`,
    );
    console.log(
      `BENCH_JSON ${JSON.stringify({ events: EVENTS, firstLoadGzipBytes: total, files: sizes, runs, firstRowsMedianMs: median(firstRows), settledMedianMs: median(settled) })}`,
    );
  } finally {
    await browser.close();
    await gateway.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
