#!/usr/bin/env node
// A small reference agent for the external runtime: attaches to a session, leases each prompt,
// runs a local command with the prompt on stdin, streams its output back as assistant messages
// (idempotent producer headers, so retries never duplicate), and completes the turn.
//
//   node scripts/agent-bridge.mjs --session ses_... [--url http://localhost:8787] [--key csk_...] -- <command> [args...]
//
// The key may also come from CODESPAR_API_KEY, the URL from CODESPAR_BASE_URL.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { z } from "zod";

const LEASE_WAIT_MS = 25_000;
const RENEW_EVERY_MS = 20_000;
const FLUSH_EVERY_MS = 250;
const RETRY_DELAY_MS = 2_000;

/** The part of the gateway's lease grant (POST /agent/lease, LeaseGrant) the bridge reads. */
const Lease = z.object({ promptId: z.string(), text: z.string(), leaseId: z.string() });
/** @typedef {z.infer<typeof Lease>} Lease */

/**
 * @param {string[]} argv
 * @returns {{ url: string; key: string; session: string; project?: string; once: boolean; command: string[] }}
 */
function parseArgs(argv) {
  const split = argv.indexOf("--");
  const flags = split === -1 ? argv : argv.slice(0, split);
  const command = split === -1 ? [] : argv.slice(split + 1);
  /** @type {{ url?: string; key?: string; session?: string; project?: string; once: boolean }} */
  const options = { url: process.env.CODESPAR_BASE_URL ?? "http://localhost:8787", key: process.env.CODESPAR_API_KEY, once: false };
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === "--once") options.once = true;
    else if (flag === "--url") options.url = flags[++i];
    else if (flag === "--key") options.key = flags[++i];
    else if (flag === "--session") options.session = flags[++i];
    else if (flag === "--project") options.project = flags[++i];
    else throw new Error(`unknown flag ${flag}`);
  }
  const { url, key, session } = options;
  if (!session || !key || !url || command.length === 0) {
    throw new Error("usage: agent-bridge.mjs --session ses_... [--url URL] [--key csk_...] [--project prj_...] [--once] -- <command> [args...]");
  }
  return { ...options, url, key, session, command };
}

class Gateway {
  /** @param {{ url: string; key: string; session: string; project?: string }} options */
  constructor({ url, key, session, project }) {
    this.base = `${url.replace(/\/$/, "")}/v1/sessions/${session}`;
    this.headers = { authorization: `Bearer ${key}`, "content-type": "application/json", ...(project ? { "x-codespar-project": project } : {}) };
    this.producer = { id: `agent-bridge-${randomUUID()}`, epoch: 0, seq: 0 };
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {Record<string, string>} [extraHeaders]
   * @returns {Promise<unknown>} the parsed JSON answer, or null for none
   */
  async call(method, path, body, extraHeaders = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.headers, ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return null;
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    /** @type {unknown} */
    const answer = text ? JSON.parse(text) : null;
    return answer;
  }

  /** @returns {Promise<Lease | null>} a prompt to answer, or null when none came within the wait */
  async lease() {
    const grant = await this.call("POST", "/agent/lease", { wait_ms: LEASE_WAIT_MS });
    return grant === null ? null : Lease.parse(grant);
  }

  /**
   * Appends with the next producer sequence number; a retry of the same seq is answered 204.
   * @param {Array<Record<string, unknown>>} events
   */
  async append(events) {
    const seq = this.producer.seq;
    const headers = { "producer-id": this.producer.id, "producer-epoch": String(this.producer.epoch), "producer-seq": String(seq) };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call("POST", "/agent/events", events, headers);
        this.producer.seq = seq + 1;
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }
}

/**
 * Runs the command for one prompt, streaming stdout back in small batches.
 * @param {Gateway} gateway
 * @param {Lease} lease
 * @param {string[]} command
 */
async function answer(gateway, lease, command) {
  const started = Date.now();
  let pending = "";
  let chunks = 0;
  /** @type {Promise<void>} */
  let sending = Promise.resolve();
  const flush = () => {
    if (!pending) return sending;
    const text = pending;
    pending = "";
    chunks += 1;
    sending = sending.then(() => gateway.append([{ type: "assistant_message", text, phase: "commentary" }]));
    return sending;
  };
  const renew = setInterval(() => void gateway.call("POST", `/agent/lease/${lease.leaseId}/renew`).catch(() => {}), RENEW_EVERY_MS);
  const flusher = setInterval(() => void flush(), FLUSH_EVERY_MS);
  const [program = "", ...args] = command;
  const child = spawn(program, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (/** @type {string} */ data) => (pending += data));
  child.stderr.setEncoding("utf8").on("data", (/** @type {string} */ data) => (stderr += data));
  child.stdin.end(lease.text);
  /** @type {number | null} */
  const code = await new Promise((resolve) => {
    child.on("error", (error) => {
      stderr += error.message;
      resolve(127);
    });
    child.on("close", resolve);
  });
  clearInterval(flusher);
  clearInterval(renew);
  await flush();
  if (code !== 0) await gateway.append([{ type: "error", code: "command_failed", message: `exit ${code}: ${stderr.slice(-2_000)}`, retryable: false }]);
  await gateway.call("POST", "/agent/complete", { leaseId: lease.leaseId, success: code === 0 });
  const preview = lease.text.length > 40 ? `${lease.text.slice(0, 40)}…` : lease.text;
  console.log(
    `[agent-bridge] ${lease.promptId} "${preview}" -> ${code === 0 ? "ok" : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s, ${chunks} chunk(s)`,
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const gateway = new Gateway(options);
  let stopping = false;
  process.on("SIGINT", () => (stopping = true));
  process.on("SIGTERM", () => (stopping = true));
  console.log(`[agent-bridge] attached to ${gateway.base}, running: ${options.command.join(" ")}`);
  while (!stopping) {
    try {
      const lease = await gateway.lease();
      if (lease) {
        await answer(gateway, lease, options.command);
        if (options.once) break;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[agent-bridge] ${message}; retrying in ${RETRY_DELAY_MS / 1000} s`);
      if (/: 40[49] /.test(message)) process.exit(1);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

main().catch((error) => {
  console.error(`[agent-bridge] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
