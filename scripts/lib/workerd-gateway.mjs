// Running the gateway on workerd directly through Miniflare's API: no `wrangler dev` proxy, no file
// watching. The Worker is bundled once with `wrangler deploy --dry-run`; bindings, vars, secrets
// (.dev.vars) and assets come from the rendered wrangler.toml, and state is kept on disk in the
// same layout `wrangler dev --persist-to` uses, so both can share a state folder.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { renderWrangler } from "../generate-wrangler.mjs";
import { ROOT, failureText } from "./local-gateway.mjs";

const run = promisify(execFile);
const NODE = existsSync(join(ROOT, "node_modules", ".bin", "node")) ? join(ROOT, "node_modules", ".bin", "node") : process.execPath;
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const VITE = join(ROOT, "node_modules", "vite", "bin", "vite.js");
export const WORKER_NAME = "codespar-session-gateway";

const quietEnv = () => ({ ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" });

/** Builds the viewer if it was never built (the Worker serves it as static assets). */
export async function ensureViewerBuilt() {
  if (existsSync(join(ROOT, "spa", "dist", "index.html"))) return;
  await run(NODE, [VITE, "build", "--config", "spa/vite.config.ts"], { cwd: ROOT, env: quietEnv(), maxBuffer: 16 * 1024 * 1024 });
}

/**
 * Bundles the Worker into `outdir` (index.js) exactly as a deploy would, without deploying.
 * @param {string} outdir
 * @returns {Promise<string>} the bundle's path
 */
export async function bundleWorker(outdir) {
  renderWrangler("dev");
  await ensureViewerBuilt();
  try {
    await run(NODE, [WRANGLER, "deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT, env: quietEnv(), maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`bundling the Worker failed:\n${failureText(error)}`, { cause: error });
  }
  return join(outdir, "index.js");
}

/**
 * Starts workerd serving the bundled gateway on host:port. `vars` override wrangler.toml vars
 * (e.g. LONG_POLL_TIMEOUT_MS). Resolves once it listens; `dispose()` stops workerd.
 * @param {{ port: number; host?: string; persistTo: string; scriptPath: string; vars?: Record<string, string>; verbose?: boolean; inspectorPort?: number }} options
 * @returns {Promise<{ url: string; dispose: () => Promise<void> }>}
 */
export async function startWorkerdGateway({ port, host = "127.0.0.1", persistTo, scriptPath, vars = {}, verbose = false, inspectorPort }) {
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { Miniflare, convertV4MiniflareOptions, Log, LogLevel } = await import("miniflare");
  // The bundle is one ES module, so wrangler's module rules (which v5 cannot take) are not needed.
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml")).workerOptions;
  const configBindings = typeof workerOptions.bindings === "object" && workerOptions.bindings !== null ? workerOptions.bindings : {};
  const state = join(persistTo, "v3");
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...workerOptions,
      name: WORKER_NAME,
      modules: true,
      scriptPath,
      // Miniflare's own entry socket (and its entry worker) stay on a random loopback port; the
      // public socket goes straight to the Worker's `direct` entrypoint, which serves the assets
      // itself, so no entry worker and no assets router sit in front of each request.
      host: "127.0.0.1",
      port: 0,
      unsafeDirectSockets: [{ host, port, entrypoint: "direct" }],
      cf: false,
      ...(inspectorPort ? { inspectorPort } : {}),
      // Logging each request goes through a loopback call into Node: off, so Node stays out of the path.
      logRequests: verbose,
      log: new Log(verbose ? LogLevel.INFO : LogLevel.WARN),
      bindings: { ...configBindings, ...vars },
      resourcePersistencePath: state,
    }),
  );
  await mf.ready;
  const direct = await mf.unsafeGetDirectURL(undefined, "direct");
  return { url: `http://${host === "127.0.0.1" ? "localhost" : host}:${direct.port}`, dispose: () => mf.dispose() };
}
