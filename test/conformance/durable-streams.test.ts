// The public Durable Streams conformance suite (pinned @durable-streams/server-conformance-tests)
// against the gateway under `wrangler dev`, at /v1/stream/<name> with the test tenant's key.
import { runConformanceTests } from "@durable-streams/server-conformance-tests";
import { inject } from "vitest";
import { E2E_LONG_POLL_TIMEOUT_MS } from "../helpers/e2e-global-setup";

runConformanceTests({ baseUrl: inject("baseUrl"), longPollTimeoutMs: E2E_LONG_POLL_TIMEOUT_MS });
