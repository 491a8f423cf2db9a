#!/usr/bin/env node
// `npm run serve`: the gateway as a production-like local server for self-hosting and benchmarks:
// workerd run directly through Miniflare's API (no `wrangler dev` proxy, no file watching), D1
// migrations applied to an on-disk state folder. Honours PORT (8787), HOST (127.0.0.1),
// GATEWAY_STATE_DIR (.wrangler/state), LONG_POLL_TIMEOUT_MS, OPENAI_API_KEY / ANTHROPIC_API_KEY, REQUEST_LOG, DEV_API_KEY
// (seeds a development organization with that key), SERVE_VERBOSE=1 and SERVE_INSPECTOR_PORT (a DevTools port for
// profiling). Prints "READY <url>" once it listens.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, applyLocalMigrations, ensureDevVars, seedTenant } from "./lib/local-gateway.mjs";
import { bundleWorker, startWorkerdGateway } from "./lib/workerd-gateway.mjs";

/** @type {Omit<import("./lib/local-gateway.mjs").Tenant, "apiKey">} */
const DEV_ORG = { orgId: "org_0000000000000001", orgName: "Development", projectId: "prj_0000000000000001", projectName: "Default", environment: "test" };
const OVERRIDABLE_VARS = [
  "LONG_POLL_TIMEOUT_MS",
  "MAX_BODY_BYTES",
  "ADMIN_TOKEN",
  "SERVER_CREDENTIALS_KEY",
  "ALLOW_LOOPBACK_UPSTREAMS",
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "REQUEST_LOG",
];

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";
const stateDir = resolve(ROOT, process.env.GATEWAY_STATE_DIR ?? ".wrangler/state");

async function main() {
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(join(ROOT, ".wrangler"), { recursive: true });
  // Before the config is read: the Worker's secrets (viewer token key and the rest) come from .dev.vars.
  ensureDevVars();
  const bundleDir = mkdtempSync(join(ROOT, ".wrangler", "serve-bundle-"));
  const scriptPath = await bundleWorker(bundleDir);
  await applyLocalMigrations(stateDir);
  const apiKey = process.env.DEV_API_KEY;
  if (apiKey) {
    if (!/^csk_test_[A-Za-z0-9]{16,}$/.test(apiKey)) throw new Error("DEV_API_KEY must look like csk_test_ followed by at least 16 letters or digits");
    await seedTenant(stateDir, { ...DEV_ORG, apiKey });
  }
  /** @type {Record<string, string>} */
  const vars = {};
  for (const name of OVERRIDABLE_VARS) {
    const value = process.env[name];
    if (value) vars[name] = value;
  }
  const server = await startWorkerdGateway({
    port,
    host,
    persistTo: stateDir,
    scriptPath,
    vars,
    verbose: process.env.SERVE_VERBOSE === "1",
    inspectorPort: process.env.SERVE_INSPECTOR_PORT ? Number(process.env.SERVE_INSPECTOR_PORT) : undefined,
  });
  console.log(`READY ${server.url} (workerd, state in ${stateDir})`);
  const stop = async () => {
    await server.dispose();
    rmSync(bundleDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error) => {
  console.error(`npm run serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
