// A scripted Anthropic Messages API server on loopback for the scripts that run managed turns
// against the gateway without an outside service (measure-frame-latency.mjs, bench-session-api.mjs):
// every POST /v1/messages is answered with one streamed text block in the real wire format
// (message_start ... message_stop). Each text piece is uniquely tagged ("t<turn>p<index> ") and
// the moment it was written is kept by tag, so a client on the same clock can time chunk -> frame.
import { createServer } from "node:http";

/**
 * @typedef {object} MockAnthropic
 * @property {string} origin the base URL to give the gateway (runtime.base_url)
 * @property {Map<string, number>} sentAt when each tagged piece left, `performance.now()`, by tag
 * @property {() => number} turns how many turns (requests to /v1/messages) it has answered
 * @property {() => Promise<void>} close
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * @param {string} type
 * @param {Record<string, unknown>} data
 */
const sse = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** Finds the piece tags in a text (an SSE frame the gateway sent on). */
export const TAG_PATTERN = /t\d+p\d+/g;

/**
 * Starts the mock. Each turn streams `pieces` text_delta events, `intervalMs` apart with ±50%
 * jitter (0: all at once, as fast as the socket takes them).
 * @param {{ pieces: number; intervalMs: number }} options
 * @returns {Promise<MockAnthropic>}
 */
export async function startMockAnthropic({ pieces, intervalMs }) {
  /** @type {Map<string, number>} */
  const sentAt = new Map();
  let turn = 0;
  /**
   * @param {import("node:http").IncomingMessage} request
   * @param {import("node:http").ServerResponse} response
   */
  const answer = async (request, response) => {
    for await (const _ of request) {
      // drain the body: the script is fixed, whatever the prompt
    }
    if (request.method !== "POST" || request.url !== "/v1/messages") {
      response.writeHead(404, { "content-type": "application/json" }).end('{"type":"error","error":{"type":"not_found_error","message":"no route"}}');
      return;
    }
    // Each piece goes out in its own packet at once, so the latency measured is the gateway's.
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
    for (let i = 0; i < pieces; i++) {
      if (intervalMs > 0) await sleep(intervalMs * (0.5 + Math.random()));
      const tag = `t${t}p${i}`;
      response.write(sse("content_block_delta", { index: 0, delta: { type: "text_delta", text: `${tag} ` } }));
      sentAt.set(tag, performance.now());
    }
    response.write(sse("content_block_stop", { index: 0 }));
    response.write(sse("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: pieces } }));
    response.end(sse("message_stop", {}));
  };
  const server = createServer((request, response) => void answer(request, response));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the mock provider has no TCP port");
  return {
    origin: `http://127.0.0.1:${address.port}`,
    sentAt,
    turns: () => turn,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
