// Starting `npm run serve` (scripts/serve.mjs) as a child process and stopping it: used by the
// benchmark and the restart tests, which need a server they can stop and start again.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort, ROOT, stopProcess } from "./local-gateway.mjs";

const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;

/**
 * @typedef {object} ServeProcess
 * @property {string} url
 * @property {import("node:child_process").ChildProcessByStdio<null, import("node:stream").Readable, import("node:stream").Readable>} child
 * @property {() => string} output
 * @property {() => Promise<void>} stop
 */

/**
 * Resolves with the server's URL once it prints READY; rejects if it exits or takes too long.
 * @param {{ port: number; stateDir: string; env?: Record<string, string>; readyTimeoutMs?: number }} options
 * @returns {Promise<ServeProcess>}
 */
export function startServeProcess({ port, stateDir, env = {}, readyTimeoutMs = 180_000 }) {
  const child = spawn(NODE, [join(ROOT, "scripts", "serve.mjs")], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), GATEWAY_STATE_DIR: stateDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`serve did not become ready in ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    timer.unref();
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve({ url: ready[1], child, output: () => output, stop: () => stopProcess(child, 10_000) });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

/**
 * startServeProcess on a free port, trying another one when the port was taken between the probe
 * and workerd's bind (other servers start side by side in the test run).
 * @param {{ stateDir: string; env?: Record<string, string>; attempts?: number }} options
 * @returns {Promise<ServeProcess>}
 */
export async function startServeOnFreePort({ stateDir, env = {}, attempts = 3 }) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startServeProcess({ port: await freePort(), stateDir, env });
    } catch (error) {
      if (attempt >= attempts || !(error instanceof Error) || !error.message.includes("Address already in use")) throw error;
    }
  }
}
