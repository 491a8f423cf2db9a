// Headers every response carries that middleware adds after the handler: the request id and CORS.
// Both are set on the final response, once. Hono's own requestId and cors middleware write them
// before the handler runs, which makes Hono create an empty Response first and then copy the
// handler's Response and all its headers into a new one: on an append that copy was about a tenth
// of the Worker's CPU (a V8 profile of workerd over SERVE_INSPECTOR_PORT during sequential appends).
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

const REQUEST_ID_HEADER = "X-Request-Id";
const MAX_REQUEST_ID_LENGTH = 255;
const REQUEST_ID_CHARS = /^[\w\-=]+$/;

/**
 * Sets `headers` on the response the handler produced. A response whose headers are immutable (one
 * passed through from a fetch) is first replaced by a copy, the only case that pays for one.
 */
export function setResponseHeaders(c: Context<AppEnv>, headers: ReadonlyArray<readonly [string, string]>): void {
  try {
    for (const [name, value] of headers) c.res.headers.set(name, value);
  } catch {
    const copy = new Response(c.res.body, c.res);
    for (const [name, value] of headers) copy.headers.set(name, value);
    c.res = undefined;
    c.res = copy;
  }
}

/** The caller's X-Request-Id when it is a sane token, else a new one; echoed on the response and logged. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header(REQUEST_ID_HEADER);
  const id = given && given.length <= MAX_REQUEST_ID_LENGTH && REQUEST_ID_CHARS.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  setResponseHeaders(c, [[REQUEST_ID_HEADER, id]]);
};

export interface CorsOptions {
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAgeSeconds: number;
}

const ALLOW_METHODS = "GET,HEAD,PUT,POST,DELETE,PATCH";

/**
 * CORS for a public API called from any origin with a bearer token (no cookies, so `*` is safe):
 * a preflight is answered here; every other response gets the allow-origin and exposed headers.
 */
export function cors({ allowHeaders, exposeHeaders, maxAgeSeconds }: CorsOptions): MiddlewareHandler<AppEnv> {
  const preflight = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ALLOW_METHODS,
    "Access-Control-Allow-Headers": allowHeaders.join(","),
    "Access-Control-Max-Age": String(maxAgeSeconds),
    "Access-Control-Expose-Headers": exposeHeaders.join(","),
  };
  const onResponse = [
    ["Access-Control-Allow-Origin", "*"],
    ["Access-Control-Expose-Headers", exposeHeaders.join(",")],
  ] as const;
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return new Response(null, { status: 204, headers: preflight });
    await next();
    setResponseHeaders(c, onResponse);
  };
}
