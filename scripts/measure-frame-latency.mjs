#!/usr/bin/env node
// How long a provider's text chunk takes to reach a `sendStream` client as an `assistant_text`
// frame: a scripted Anthropic Messages server on loopback (lib/mock-anthropic.mjs) streams uniquely
// tagged text pieces at a steady pace, the gateway (workerd via `npm run serve`) runs managed turns
// against it, and this process reads the SSE frames (lib/frame-latency.mjs); both ends share one
// clock. Prints p50/p99/max, the frames and the log's `delta` rows per turn, and a LATENCY_JSON
// line. TURNS, PIECES, PIECE_INTERVAL_MS tune it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { benchApi } from "./lib/bench-api.mjs";
import { streamedTurnLatency } from "./lib/frame-latency.mjs";
import { freePort } from "./lib/local-gateway.mjs";
import { startMockAnthropic } from "./lib/mock-anthropic.mjs";
import { sdkClient } from "./lib/sdk-client.mjs";
import { startServeProcess } from "./lib/serve-process.mjs";

const TURNS = Number(process.env.TURNS ?? 5);
const PIECES = Number(process.env.PIECES ?? 100);
const PIECE_INTERVAL_MS = Number(process.env.PIECE_INTERVAL_MS ?? 20);
const API_KEY = "csk_test_measureMeasureMeasure0001";

/** The part of the session's logged events this script reads. */
const Log = z.array(z.looseObject({ type: z.string(), delta: z.boolean().optional() }));

async function main() {
  const mock = await startMockAnthropic({ pieces: PIECES, intervalMs: PIECE_INTERVAL_MS });
  const stateDir = mkdtempSync(join(tmpdir(), "frame-latency-"));
  const gateway = await startServeProcess({
    port: await freePort(),
    stateDir,
    env: { DEV_API_KEY: API_KEY, ANTHROPIC_API_KEY: "sk-ant-measure-0001", ALLOW_LOOPBACK_UPSTREAMS: "true", REQUEST_LOG: "false" },
  });
  try {
    const client = sdkClient(gateway.url, API_KEY);
    const id = await client.createSession({
      servers: [],
      runtime: { type: "managed", provider: "anthropic", model: "claude-sonnet-4-5", base_url: mock.origin },
    });
    const latency = await streamedTurnLatency(client, id, mock, TURNS);
    const log = Log.parse(await benchApi(gateway.url, API_KEY)("GET", `/v1/sessions/${id}/events?offset=-1`));
    const deltaRows = log.filter((event) => event.type === "assistant_message" && event.delta === true).length;
    const result = { turns: TURNS, pieces: PIECES, pieceIntervalMs: PIECE_INTERVAL_MS, ...latency, deltaRowsPerTurn: deltaRows / TURNS };
    console.log(`chunk -> assistant_text frame over ${result.samples} pieces (${TURNS} turns x ${PIECES}, ~${PIECE_INTERVAL_MS} ms apart)`);
    console.log(
      `p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  max ${result.maxMs} ms  frames/turn ${result.framesPerTurn}  delta rows/turn ${result.deltaRowsPerTurn}`,
    );
    console.log(`LATENCY_JSON ${JSON.stringify(result)}`);
  } finally {
    await gateway.stop();
    await mock.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
