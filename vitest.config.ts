// Projects, one per kind of test (each also runs alone: `npm run test:<name>`):
//   unit         plain Node: provider adapters against local wire-format servers, viewer logic, guards
//   worker       inside workerd (@cloudflare/vitest-plugin) against the real bindings: routes, objects
//   e2e          over real HTTP against `wrangler dev` (and `npm start` / `npm run serve` themselves)
//   browser      the viewer in a real chromium against `wrangler dev`
//   conformance  the Durable Streams server conformance suite against `wrangler dev`
// e2e, browser and conformance each start their own `wrangler dev` on a free port in their global
// setup; that setup and the worker project's build the viewer first when spa/dist is stale.
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

import { TEST_ADMIN_TOKEN, TEST_SERVER_CREDENTIALS_KEY, TEST_VIEWER_TOKEN_SECRET } from "./test/helpers/constants.ts";

/** The Worker's own request log (src/middleware/request-log.ts): one line per request, noise in test output. */
const REQUEST_LOG_LINE = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/\S* \d{3} \d+ms /;

/** The gateway under `wrangler dev`, shared by the projects that test it over HTTP. */
const overHttp = { environment: "node", globalSetup: ["test/helpers/e2e-global-setup.ts"], testTimeout: 60_000, hookTimeout: 120_000 };

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
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["test/helpers/global-setup-worker.ts"],
          setupFiles: ["test/helpers/worker-setup.ts"],
        },
      },
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          ...overHttp,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          ...overHttp,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "conformance",
          include: ["test/conformance/**/*.test.ts"],
          ...overHttp,
          setupFiles: ["test/conformance/authorized-fetch.ts"],
        },
      },
    ],
  },
});
