// One log line per request, written by the Worker itself: method, path with any share code cut,
// status, milliseconds and request id. It replaces the platform's and wrangler's request lines,
// which carry whole paths (see [observability.logs] in wrangler.template.toml and
// scripts/lib/local-gateway.mjs).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { redactPath } from "../lib/redact";

/**
 * Logged once the response's headers are ready, so a stream (SSE) shows its time to first byte.
 * The query string is left out: it is not needed to follow traffic and may carry anything.
 */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.env.REQUEST_LOG === "false") return next();
  const startedAtMs = Date.now();
  await next();
  console.log(`${c.req.method} ${redactPath(c.req.path)} ${c.res.status} ${Date.now() - startedAtMs}ms ${c.get("requestId")}`);
};
