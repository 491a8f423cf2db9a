// proxy_execute's outbound call: only under the server's configured rest_base_url, only to allowed
// destinations (upstream-guard.ts), redirects followed by hand and only while they stay under that
// base URL, stored credentials applied last so a caller cannot replace them.
import type { UpstreamServer } from "../db/servers";
import type { ProxyBody, ProxyResult } from "../shared/schemas/proxy";
import { elapsedMs } from "../shared/elapsed";
import { ApiError } from "../lib/errors";
import { guardedFetch, UpstreamRefused } from "../shared/destinations/guard";

export const PROXY_TIMEOUT_MS = 30_000;
export const MAX_PROXY_RESPONSE_BYTES = 5 * 1024 * 1024;
const MAX_PROXY_REDIRECTS = 3;
/** Caller headers that would change the connection or the target rather than the request. */
const DROPPED_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
]);

/** The base as a folder ("https://api.example.com/v3/"), so "customers" and "/customers" both land under it. */
function baseFolder(restBaseUrl: string): URL {
  const base = new URL(restBaseUrl);
  base.search = "";
  base.hash = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return base;
}

const isUnder = (url: URL, base: URL) => url.origin === base.origin && url.pathname.startsWith(base.pathname);

/** The request URL: the endpoint resolved under the base folder, plus the query parameters. */
export function proxyTarget(restBaseUrl: string, endpoint: string, params: ProxyBody["params"]): URL {
  const base = baseFolder(restBaseUrl);
  let target: URL;
  try {
    // Leading slashes are dropped so the endpoint is always relative to the base folder, never a new host.
    target = new URL(endpoint.replace(/^[/\\]+/, ""), base);
  } catch {
    throw new ApiError(400, "endpoint_not_allowed", "endpoint is not a valid path");
  }
  if (!isUnder(target, base)) throw new ApiError(400, "endpoint_not_allowed", `endpoint must be a path under the server's rest_base_url (${base.href})`);
  for (const [name, value] of Object.entries(params ?? {})) target.searchParams.set(name, String(value));
  return target;
}

function requestHeaders(body: ProxyBody, upstream: UpstreamServer): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(body.headers ?? {})) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers.set(name, value);
  }
  if (!headers.has("accept")) headers.set("accept", "application/json");
  if (body.body !== undefined && !headers.has("content-type")) {
    headers.set("content-type", typeof body.body === "string" ? "text/plain; charset=utf-8" : "application/json");
  }
  for (const [name, value] of Object.entries(upstream.headers)) headers.set(name, value);
  return headers;
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  const tooLarge = () => new ApiError(502, "upstream_response_too_large", `The upstream response is over ${MAX_PROXY_RESPONSE_BYTES} bytes`);
  if (declared > MAX_PROXY_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (let chunk: ReadableStreamReadResult<Uint8Array> = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    if (bytes > MAX_PROXY_RESPONSE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

function parseData(text: string, contentType: string | null): unknown {
  if (text === "") return null;
  if (!/[/+]json\b/i.test(contentType ?? "")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The call as the session's log records it: what was asked, without the caller's headers (they may carry secrets). */
export const proxyLogInput = (body: ProxyBody) => ({ method: body.method, endpoint: body.endpoint, params: body.params, body: body.body });

export async function proxyExecute(upstream: UpstreamServer, body: ProxyBody, allowLoopback: boolean, callId: string): Promise<ProxyResult> {
  const restBase = upstream.server.rest_base_url;
  if (!restBase) throw new ApiError(400, "proxy_not_configured", `Server ${upstream.server.id} has no rest_base_url; register it with one to proxy calls`);
  if (upstream.credentialsError) throw new ApiError(502, "credentials_unavailable", upstream.credentialsError);
  const base = baseFolder(restBase);
  let url = proxyTarget(restBase, body.endpoint, body.params);
  let method: string = body.method;
  let payload = body.body === undefined ? undefined : typeof body.body === "string" ? body.body : JSON.stringify(body.body);
  const headers = requestHeaders(body, upstream);
  const started = performance.now();
  const signal = AbortSignal.timeout(PROXY_TIMEOUT_MS);
  const send = guardedFetch(allowLoopback);
  for (let redirects = 0; ; redirects += 1) {
    let response: Response;
    try {
      response = await send(url, { method, headers, body: payload, signal });
    } catch (error) {
      if (error instanceof UpstreamRefused) throw new ApiError(403, "upstream_not_allowed", error.message);
      if (signal.aborted) throw new ApiError(504, "upstream_timeout", `The upstream did not answer within ${PROXY_TIMEOUT_MS} ms`);
      throw new ApiError(502, "upstream_unreachable", `The upstream could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (location !== null) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (!isUnder(next, base))
        throw new ApiError(502, "redirect_not_allowed", `The upstream redirected to ${next.origin}${next.pathname}, outside the server's rest_base_url`);
      if (redirects >= MAX_PROXY_REDIRECTS) throw new ApiError(502, "too_many_redirects", `The upstream redirected more than ${MAX_PROXY_REDIRECTS} times`);
      // As fetch does: 303 (and 301/302 after a POST) continue as a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        payload = undefined;
        headers.delete("content-type");
      }
      url = next;
      continue;
    }
    const text = await readLimited(response);
    return {
      status: response.status,
      data: parseData(text, response.headers.get("content-type")),
      headers: Object.fromEntries(response.headers),
      duration: elapsedMs(started),
      proxy_call_id: callId,
    };
  }
}
