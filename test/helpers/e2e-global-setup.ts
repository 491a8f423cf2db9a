// Starts the gateway under `wrangler dev` on a free port with fresh on-disk state, seeds a test
// tenant, and hands its URL and key to the end-to-end, browser and conformance tests through
// Vitest's provide/inject. Renders wrangler.toml and builds the viewer first if it is stale (the
// Worker serves spa/dist), so each of those projects runs alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { renderWrangler } from "../../scripts/generate-wrangler.mjs";
import * as gateway from "../../scripts/lib/local-gateway.mjs";
import { TEST_ADMIN_TOKEN, TEST_SERVER_CREDENTIALS_KEY, TEST_VIEWER_TOKEN_SECRET } from "./constants";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiKey: string;
    projectId: string;
    adminToken: string;
  }
}

export const E2E_PROJECT_ID = "prj_e2e0000000000001";
/** Long-polls wait this long in end-to-end and conformance runs (the suite is told the same). */
export const E2E_LONG_POLL_TIMEOUT_MS = 500;

export default async function setup(project: TestProject) {
  renderWrangler("test");
  await gateway.buildViewer();
  const persistTo = mkdtempSync(join(tmpdir(), "gateway-e2e-"));
  await gateway.applyLocalMigrations(persistTo);
  const apiKey = "csk_test_e2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2";
  await gateway.seedTenant(persistTo, {
    orgId: "org_e2e0000000000001",
    orgName: "End-to-end",
    projectId: E2E_PROJECT_ID,
    projectName: "Default",
    environment: "test",
    apiKey,
  });
  const port = await gateway.freePort();
  // ALLOW_LOOPBACK_UPSTREAMS lets the gateway reach the tests' MCP and REST servers on 127.0.0.1.
  const vars = {
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    VIEWER_TOKEN_SECRET: TEST_VIEWER_TOKEN_SECRET,
    SERVER_CREDENTIALS_KEY: TEST_SERVER_CREDENTIALS_KEY,
    ALLOW_LOOPBACK_UPSTREAMS: "true",
    // Not a real key: the managed runtime's OpenAI adapter talks to the tests' local wire-format server.
    OPENAI_API_KEY: "sk-e2e-not-a-real-key",
    LONG_POLL_TIMEOUT_MS: String(E2E_LONG_POLL_TIMEOUT_MS),
  };
  const server = await gateway.startWranglerDev({ port, persistTo, vars });
  project.provide("baseUrl", server.url);
  project.provide("apiKey", apiKey);
  project.provide("projectId", E2E_PROJECT_ID);
  project.provide("adminToken", TEST_ADMIN_TOKEN);
  return async () => {
    await gateway.stopProcess(server.child);
    rmSync(persistTo, { recursive: true, force: true });
  };
}
