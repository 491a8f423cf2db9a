// Worker entry: exports the fetch handler (default, and `direct` for `npm run serve`) and the Durable Object classes.
import { app } from "./app";
import type { Env } from "./env";
import { isWorkerFirst } from "./lib/worker-first";

export { SessionDO, StreamDO } from "./objects";

/** The TS SDK joins base URL and path by concatenation, so `//v1/...` must route like `/v1/...`. */
function collapseSlashes(request: Request, url = new URL(request.url)): Request {
  if (!url.pathname.includes("//")) return request;
  url.pathname = url.pathname.replace(/\/{2,}/g, "/");
  return new Request(url, request);
}

const gateway = {
  fetch: (request, env, ctx) => app.fetch(collapseSlashes(request), env, ctx),
} satisfies ExportedHandler<Env>;

export default gateway;

/**
 * What `npm run serve` listens on: the gateway without Miniflare's assets router in front (two more
 * in-process requests per call, about a third of an append's CPU there). Paths the Worker does not
 * claim go to the static assets, as Cloudflare's router would send them.
 */
export const direct = {
  fetch: (request, env, ctx) => {
    // Parsed once here and reused: URL parsing showed up in an append's profile.
    const url = new URL(request.url);
    return isWorkerFirst(url.pathname) ? app.fetch(collapseSlashes(request, url), env, ctx) : env.ASSETS.fetch(request);
  },
} satisfies ExportedHandler<Env>;
