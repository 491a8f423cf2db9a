#!/usr/bin/env node
// `npm start`: renders the dev config, applies migrations and seeds a development organization
// (idempotently) in on-disk local state, then runs the gateway under `wrangler dev` and prints
// the API key, the base URL and a ready curl line. Honours PORT, DEV_API_KEY and GATEWAY_STATE_DIR.
import { randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { renderWrangler } from "./generate-wrangler.mjs";
import { ROOT, applyLocalMigrations, buildViewer, ensureDevVars, seedTenant, startWranglerDev, stopProcess } from "./lib/local-gateway.mjs";

/** @type {Omit<import("./lib/local-gateway.mjs").Tenant, "apiKey">} */
const DEV_ORG = { orgId: "org_0000000000000001", orgName: "Development", projectId: "prj_0000000000000001", projectName: "Default", environment: "test" };
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** What the gateway answers (and dev-share.json keeps) that this script reads. */
const CreatedSession = z.object({ id: z.string() });
const CreatedShare = z.object({ code: z.string(), url: z.string() });
const SavedShare = z.object({ code: z.string() });

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

/**
 * A demo session with a live share link: reused while its link still opens, else made anew.
 * @param {string} baseUrl
 * @param {string} apiKey
 * @returns {Promise<string>} the share link
 */
async function demoShare(baseUrl, apiKey) {
  const file = join(stateDir, "dev-share.json");
  if (existsSync(file)) {
    const saved = SavedShare.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (saved.success) {
      const res = await fetch(`${baseUrl}/api/shares/${saved.data.code}/token`, { method: "POST" });
      if (res.ok) return `${baseUrl}/s/${saved.data.code}`;
    }
  }
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   * @returns {Promise<unknown>}
   */
  const api = async (method, path, body, accept = "application/json") => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const session = CreatedSession.parse(await api("POST", "/v1/sessions", { servers: [], metadata: { demo: true } }));
  await api("POST", `/v1/sessions/${session.id}/send`, { message: "Hello! What can you do?" });
  await api("POST", `/v1/sessions/${session.id}/send`, { message: "call codespar_list_tools {}" });
  const share = CreatedShare.parse(await api("POST", `/v1/sessions/${session.id}/shares`, { mode: "live", can_prompt: true, expires_in_s: 30 * 24 * 3600 }));
  writeFileSync(file, JSON.stringify({ sessionId: session.id, code: share.code }));
  return share.url;
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
  console.log("Building the share viewer ...");
  await buildViewer();
  const server = await startWranglerDev({ port, persistTo: stateDir, stdio: "inherit" });
  const shareUrl = await demoShare(server.url, apiKey);
  console.log(`
  CodeSpar session gateway is running (workerd, state in ${stateDir})

    Base URL   ${server.url}
    API key    ${apiKey}
    Project    ${DEV_ORG.projectId} (default, test environment)
    API docs   ${server.url}/docs
    Share link ${shareUrl}  (a demo session, live, prompts allowed)

  Try it:
    curl -s -X POST ${server.url}/v1/sessions -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' -d '{"servers":[]}'
`);
  const stop = () => stopProcess(server.child).then(() => process.exit(0));
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  server.child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
