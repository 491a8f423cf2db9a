// How long a provider's text chunk takes to reach a `sendStream` client as an `assistant_text`
// frame: streamed turns on one session whose managed runtime points at the mock provider
// (mock-anthropic.mjs), timed per tagged piece from the moment the mock wrote it to the moment the
// frame holding it was read; both ends run in this process, on one clock. Shared by
// measure-frame-latency.mjs and bench-session-api.mjs.
import { percentile } from "./bench-load.mjs";
import { TAG_PATTERN } from "./mock-anthropic.mjs";

/**
 * @typedef {object} FrameLatency
 * @property {number} samples pieces timed
 * @property {number | null} p50Ms
 * @property {number | null} p99Ms
 * @property {number | null} maxMs
 * @property {number} framesPerTurn assistant_text frames per turn
 */

/** @param {number | null} ms */
const round = (ms) => (ms === null ? null : Number(ms.toFixed(1)));

/**
 * Runs `turns` streamed turns one after the other; each must end with `done`.
 * @param {import("./sdk-client.mjs").SdkClient} client
 * @param {string} sessionId a session whose runtime is the mock
 * @param {import("./mock-anthropic.mjs").MockAnthropic} mock
 * @param {number} turns
 * @returns {Promise<FrameLatency>}
 */
export async function streamedTurnLatency(client, sessionId, mock, turns) {
  /** @type {number[]} */
  const latencies = [];
  let frames = 0;
  for (let t = 0; t < turns; t++) {
    let last = "";
    for await (const frame of client.sendStream(sessionId, `turn ${t}`)) {
      last = frame.event;
      if (frame.event !== "assistant_text") continue;
      frames += 1;
      for (const [tag] of frame.data.matchAll(TAG_PATTERN)) {
        const sent = mock.sentAt.get(tag);
        if (sent !== undefined) latencies.push(frame.at - sent);
      }
    }
    if (last !== "done") throw new Error(`streamed turn ${t} ended with ${last || "no frame"}`);
  }
  return {
    samples: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(percentile(latencies, 100)),
    framesPerTurn: frames / turns,
  };
}
