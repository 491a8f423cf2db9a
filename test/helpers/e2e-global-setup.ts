// Starts the gateway under `wrangler dev` on a free port with fresh on-disk state, seeds a test
// tenant, and hands its URL and key to the end-to-end tests through Vitest's provide/inject.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import * as gateway from "../../scripts/lib/local-gateway.mjs";
import { TEST_ADMIN_TOKEN, TEST_VIEWER_TOKEN_SECRET } from "./constants";

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
  const server = await gateway.startWranglerDev({ port, persistTo, vars: { ADMIN_TOKEN: TEST_ADMIN_TOKEN, VIEWER_TOKEN_SECRET: TEST_VIEWER_TOKEN_SECRET, LONG_POLL_TIMEOUT_MS: String(E2E_LONG_POLL_TIMEOUT_MS) } });
  project.provide("baseUrl", server.url);
  project.provide("apiKey", apiKey);
  project.provide("projectId", E2E_PROJECT_ID);
  project.provide("adminToken", TEST_ADMIN_TOKEN);
  return async () => {
    await gateway.stopProcess(server.child);
    rmSync(persistTo, { recursive: true, force: true });
  };
}
