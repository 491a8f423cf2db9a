#!/usr/bin/env node
// How long a provider's text chunk takes to reach a `sendStream` client as an `assistant_text`
// frame: a scripted Anthropic Messages server on loopback streams uniquely tagged text pieces at a
// steady pace, the gateway (workerd via `npm run serve`) runs managed turns against it, and this
// process reads the SSE frames; both ends share one clock. Prints p50/p99/max, the frames and the
// log's `delta` rows per turn, and a LATENCY_JSON line. TURNS, PIECES, PIECE_INTERVAL_MS tune it.
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { freePort } from "./lib/local-gateway.mjs";
import { startServeProcess } from "./lib/serve-process.mjs";

const TURNS = Number(process.env.TURNS ?? 5);
const PIECES = Number(process.env.PIECES ?? 100);
const PIECE_INTERVAL_MS = Number(process.env.PIECE_INTERVAL_MS ?? 20);
const API_KEY = "csk_test_measureMeasureMeasure0001";

/** The part of a created session and of its logged events this script reads. */
const Created = z.object({ id: z.string() });
const Log = z.array(z.looseObject({ type: z.string(), delta: z.boolean().optional() }));

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * @param {string} type
 * @param {Record<string, unknown>} data
 */
const sse = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** When each tagged piece ("t<turn>p<index> ") left the mock provider, by tag. */
/** @type {Map<string, number>} */
const sentAt = new Map();

/**
 * A Messages API stream per request: PIECES text_delta events, PIECE_INTERVAL_MS apart (±50% jitter).
 * @returns {Promise<{ origin: string; close: () => Promise<void> }>}
 */
async function startMockAnthropic() {
  let turn = 0;
  /**
   * @param {import("node:http").IncomingMessage} request
   * @param {import("node:http").ServerResponse} response
   */
  const answer = async (request, response) => {
    for await (const _ of request) {
      // drain the body
    }
    if (request.method !== "POST" || request.url !== "/v1/messages") {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"type":"not_found_error","message":"no route"}}');
      return;
    }
    request.socket.setNoDelay(true);
    const t = turn++;
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(
      sse("message_start", {
        message: {
          id: `msg_${t}`,
          type: "message",
          role: "assistant",
          content: [],
          model: "claude-sonnet-4-5",
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 1 },
        },
      }),
    );
    response.write(sse("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
    for (let i = 0; i < PIECES; i++) {
      await sleep(PIECE_INTERVAL_MS * (0.5 + Math.random()));
      const tag = `t${t}p${i}`;
      response.write(sse("content_block_delta", { index: 0, delta: { type: "text_delta", text: `${tag} ` } }));
      sentAt.set(tag, performance.now());
    }
    response.write(sse("content_block_stop", { index: 0 }));
    response.write(sse("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: PIECES } }));
    response.end(sse("message_stop", {}));
  };
  const server = createServer((request, response) => void answer(request, response));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the mock provider has no TCP port");
  return { origin: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/**
 * @param {number[]} sorted
 * @param {number} q
 */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main() {
  const mock = await startMockAnthropic();
  const stateDir = mkdtempSync(join(tmpdir(), "frame-latency-"));
  const gateway = await startServeProcess({
    port: await freePort(),
    stateDir,
    env: { DEV_API_KEY: API_KEY, ANTHROPIC_API_KEY: "sk-ant-measure-0001", ALLOW_LOOPBACK_UPSTREAMS: "true", REQUEST_LOG: "false" },
  });
  const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
  try {
    const created = await fetch(`${gateway.url}/v1/sessions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ servers: [], runtime: { type: "managed", provider: "anthropic", model: "claude-sonnet-4-5", base_url: mock.origin } }),
    });
    if (created.status !== 201) throw new Error(`create session: ${created.status} ${await created.text()}`);
    const { id } = Created.parse(await created.json());
    /** @type {number[]} */
    const latencies = [];
    /** @type {number[]} */
    const framesPerTurn = [];
    for (let t = 0; t < TURNS; t++) {
      const res = await fetch(`${gateway.url}/v1/sessions/${id}/send`, {
        method: "POST",
        headers: { ...headers, accept: "text/event-stream" },
        body: JSON.stringify({ message: `turn ${t}` }),
      });
      if (res.status !== 200 || !res.body) throw new Error(`send: ${res.status} ${await res.text()}`);
      let buffer = "";
      let frames = 0;
      let last = "";
      for await (const text of res.body.pipeThrough(new TextDecoderStream())) {
        const now = performance.now();
        buffer += text;
        const parts = buffer.split("\n\n");
        buffer = parts.pop() ?? "";
        for (const part of parts) {
          const event = /^event: (\S+)/.exec(part)?.[1];
          if (!event) continue;
          last = event;
          if (event !== "assistant_text") continue;
          frames += 1;
          for (const [tag] of part.matchAll(/t\d+p\d+/g)) {
            const sent = sentAt.get(tag);
            if (sent !== undefined) latencies.push(now - sent);
          }
        }
      }
      if (last !== "done") throw new Error(`turn ${t} ended with ${last}`);
      framesPerTurn.push(frames);
    }
    const log = Log.parse(await (await fetch(`${gateway.url}/v1/sessions/${id}/events?offset=-1`, { headers })).json());
    const deltaRows = log.filter((event) => event.type === "assistant_message" && event.delta === true).length;
    latencies.sort((a, b) => a - b);
    const result = {
      turns: TURNS,
      pieces: PIECES,
      pieceIntervalMs: PIECE_INTERVAL_MS,
      samples: latencies.length,
      p50Ms: Number(quantile(latencies, 0.5).toFixed(1)),
      p99Ms: Number(quantile(latencies, 0.99).toFixed(1)),
      maxMs: Number((latencies.at(-1) ?? NaN).toFixed(1)),
      framesPerTurn: framesPerTurn.reduce((a, b) => a + b, 0) / TURNS,
      deltaRowsPerTurn: deltaRows / TURNS,
    };
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
