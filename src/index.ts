// Worker entry: exports the fetch handler and the Durable Object classes.
import { app } from "./app";
import type { Env } from "./env";

export { SessionDO } from "../durable-objects/session/session-do";
export { StreamDO } from "../durable-objects/stream/stream-do";

/** The TS SDK joins base URL and path by concatenation, so `//v1/...` must route like `/v1/...`. */
function collapseSlashes(request: Request): Request {
  const url = new URL(request.url);
  if (!url.pathname.includes("//")) return request;
  url.pathname = url.pathname.replace(/\/{2,}/g, "/");
  return new Request(url, request);
}

export default {
  fetch: (request, env, ctx) => app.fetch(collapseSlashes(request), env, ctx),
} satisfies ExportedHandler<Env>;
