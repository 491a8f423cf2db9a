#!/usr/bin/env node
// `npm start`: renders the dev config, applies migrations and seeds a development organization
// (idempotently) in on-disk local state, then runs the gateway under `wrangler dev` and prints
// the API key, the base URL and a ready curl line. Honours PORT, DEV_API_KEY and GATEWAY_STATE_DIR.
import { randomBytes, randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderWrangler } from "./generate-wrangler.mjs";
import { ROOT, applyLocalMigrations, seedTenant, startWranglerDev, stopProcess } from "./lib/local-gateway.mjs";

const DEV_ORG = { orgId: "org_0000000000000001", orgName: "Development", projectId: "prj_0000000000000001", projectName: "Default", environment: "test" };
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const port = Number(process.env.PORT ?? 8787);
const stateDir = resolve(ROOT, process.env.GATEWAY_STATE_DIR ?? ".wrangler/state");
const keyFile = join(stateDir, "dev-api-key");

/** DEV_API_KEY if given, else the key this state folder was seeded with, else a new one. */
function devApiKey() {
  const given = process.env.DEV_API_KEY;
  if (given) {
    if (!/^csk_test_[A-Za-z0-9]{16,}$/.test(given)) throw new Error("DEV_API_KEY must look like csk_test_ followed by at least 16 letters or digits");
    return given;
  }
  if (existsSync(keyFile)) return readFileSync(keyFile, "utf8").trim();
  const key = `csk_test_${Array.from({ length: 32 }, () => BASE62[randomInt(62)]).join("")}`;
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  return key;
}

/** The admin token for local runs lives in .dev.vars (gitignored), created once. */
function ensureDevVars() {
  const path = join(ROOT, ".dev.vars");
  if (existsSync(path) && /^ADMIN_TOKEN=/m.test(readFileSync(path, "utf8"))) return;
  writeFileSync(path, `${existsSync(path) ? readFileSync(path, "utf8") : ""}ADMIN_TOKEN=${randomBytes(24).toString("hex")}\n`, { mode: 0o600 });
}

async function main() {
  renderWrangler("dev");
  ensureDevVars();
  mkdirSync(stateDir, { recursive: true });
  chmodSync(stateDir, 0o700);
  const apiKey = devApiKey();
  console.log(`Preparing local state in ${stateDir} ...`);
  await applyLocalMigrations(stateDir);
  await seedTenant(stateDir, { ...DEV_ORG, apiKey });
  const server = await startWranglerDev({ port, persistTo: stateDir, stdio: "inherit" });
  console.log(`
  CodeSpar session gateway is running (workerd, state in ${stateDir})

    Base URL   ${server.url}
    API key    ${apiKey}
    Project    ${DEV_ORG.projectId} (default, test environment)
    API docs   ${server.url}/docs

  Try it:
    curl -s -X POST ${server.url}/v1/sessions -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' -d '{"servers":[]}'
`);
  const stop = () => stopProcess(server.child).then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
