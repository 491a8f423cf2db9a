// A second gateway under `wrangler dev` for end-to-end tests that need other vars than the shared
// one (e.g. without ALLOW_LOOPBACK_UPSTREAMS): fresh state, one seeded test tenant, optional SQL run
// before it starts (D1 rows a test needs but the API would refuse to create).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as gateway from "../../scripts/lib/local-gateway.mjs";
import { TEST_ADMIN_TOKEN, TEST_SERVER_CREDENTIALS_KEY, TEST_VIEWER_TOKEN_SECRET } from "./constants";

export const EXTRA_PROJECT_ID = "prj_e2e0000000000002";

export interface ExtraGateway {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

export async function startExtraGateway(options: { vars: Record<string, string>; sql?: string }): Promise<ExtraGateway> {
  const persistTo = mkdtempSync(join(tmpdir(), "gateway-e2e-extra-"));
  const apiKey = "csk_test_extraExtraExtraExtraExtraExtra00";
  await gateway.applyLocalMigrations(persistTo);
  await gateway.seedTenant(persistTo, {
    orgId: "org_e2e0000000000002",
    orgName: "End-to-end (extra)",
    projectId: EXTRA_PROJECT_ID,
    projectName: "Default",
    environment: "test",
    apiKey,
  });
  if (options.sql) await gateway.executeLocalSql(persistTo, options.sql);
  const vars = {
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    VIEWER_TOKEN_SECRET: TEST_VIEWER_TOKEN_SECRET,
    SERVER_CREDENTIALS_KEY: TEST_SERVER_CREDENTIALS_KEY,
    ...options.vars,
  };
  const server = await gateway.startWranglerDev({ port: await gateway.freePort(), persistTo, vars });
  return {
    url: server.url,
    apiKey,
    stop: async () => {
      await gateway.stopProcess(server.child);
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
