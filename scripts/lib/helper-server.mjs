// Starting a benchmark's baseline server (a script in scripts/lib/ that prints "READY <url>", e.g.
// bare-object-server.mjs or reference-server.mjs) in its own process, so its memory and CPU are
// read from /proc apart from the benchmark's.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT, stopProcess } from "./local-gateway.mjs";

const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;

/**
 * Resolves once the server prints READY; rejects if it exits first.
 * @param {string} script a file name in scripts/lib/
 * @param {number} port
 * @param {Record<string, string>} [env]
 * @returns {Promise<{ url: string; child: import("node:child_process").ChildProcess; stop: () => Promise<void> }>}
 */
export function startHelperServer(script, port, env = {}) {
  const child = spawn(NODE, [join(ROOT, "scripts", "lib", script)], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      const url = /READY (\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child, stop: () => stopProcess(child) });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}
