// Projects: "worker" runs inside workerd (@cloudflare/vitest-plugin) against the real bindings;
// "node" is plain Node (provider adapters against local wire-format servers, scripts);
// "conformance" runs the Durable Streams suite and "e2e" drives the gateway over real HTTP, both
// against `wrangler dev` started by the global setup on a free port.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

import { TEST_ADMIN_TOKEN, TEST_SERVER_CREDENTIALS_KEY, TEST_VIEWER_TOKEN_SECRET } from "./test/helpers/constants.ts";

/** The Worker's own request log (src/middleware/request-log.ts): one line per request, noise in test output. */
const REQUEST_LOG_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/\S* \d{3} \d+ms /;

export default defineConfig({
  test: {
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    onConsoleLog: (log) => !REQUEST_LOG_LINE.test(log),
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // In-runtime tests run without the loopback flag, so they see loopback refused as deployed; e2e keeps it on.
              bindings: {
                ADMIN_TOKEN: TEST_ADMIN_TOKEN,
                VIEWER_TOKEN_SECRET: TEST_VIEWER_TOKEN_SECRET,
                SERVER_CREDENTIALS_KEY: TEST_SERVER_CREDENTIALS_KEY,
                ALLOW_LOOPBACK_UPSTREAMS: "false",
                LONG_POLL_TIMEOUT_MS: "1000",
                TEST_MIGRATIONS: await readD1Migrations("src/db/migrations"),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts", "test/durable-objects/**/*.test.ts"],
          setupFiles: ["test/helpers/worker-setup.ts"],
        },
      },
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "conformance",
          include: ["test/conformance/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/helpers/e2e-global-setup.ts"],
          setupFiles: ["test/conformance/authorized-fetch.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/helpers/e2e-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
