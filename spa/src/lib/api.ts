// The viewer's HTTP calls (token exchange, prompt submit, permission answer), their answers checked
// structurally (lib/check.ts; test/unit/viewer-check.test.ts holds the checks to the server's
// schemas); every call resolves to a result object instead of throwing.
import { MAX_PROMPT_LENGTH } from "../../../src/shared/prompt-limits";
import { anything, bool, type Check, type Infer, nullable, num, object, oneOf, str } from "./check";

export const isShareToken = object({
  token: str,
  kind: oneOf("session", "stream"),
  sessionId: str,
  streamPath: nullable(str),
  scope: oneOf("read", "read prompt"),
  mode: oneOf("live", "snapshot"),
  canPrompt: bool,
  expiresAt: num,
  upToOffset: nullable(str),
});
export type ShareToken = Infer<typeof isShareToken>;
export const isPromptAccepted = object({ promptId: str, status: str, position: num });
export type PromptAccepted = Infer<typeof isPromptAccepted>;
/** The flat error body every failed call answers with. */
export const isErrorBody = object({ error: str, code: str, message: str });

export interface ApiError {
  /** HTTP status; 0 for a network failure or an unreadable response. */
  status: number;
  code: string;
  message: string;
}
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** One call as a result object: the flat error body on failure, the parsed answer on success. */
export async function call<T>(fetchFn: FetchLike, url: string, init: RequestInit, check: Check<T>): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch {
    return { ok: false, error: { status: 0, code: "network", message: "Could not reach the server." } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) return { ok: false, error: errorOf(response, body) };
  if (!check(body)) return { ok: false, error: { status: 0, code: "bad_response", message: "Unexpected response from the server." } };
  return { ok: true, value: body };
}

/** A call answered with no body (204): the value is read from the response headers. */
export async function callNoContent<T>(fetchFn: FetchLike, url: string, init: RequestInit, read: (headers: Headers) => T): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch {
    return { ok: false, error: { status: 0, code: "network", message: "Could not reach the server." } };
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    return { ok: false, error: errorOf(response, body) };
  }
  await response.body?.cancel().catch(() => undefined);
  return { ok: true, value: read(response.headers) };
}

/** The flat `{error, code, message}` body of a failed call, or the status line when it has none. */
function errorOf(response: Response, body: unknown): ApiError {
  return isErrorBody(body)
    ? { status: response.status, code: body.code, message: body.message }
    : { status: response.status, code: `http_${response.status}`, message: response.statusText || "Request failed." };
}

const json = (token: string | null, body: unknown): RequestInit => ({
  method: "POST",
  headers: {
    "content-type": "application/json",
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
  },
  body: JSON.stringify(body),
  credentials: "omit",
  cache: "no-store",
});

export function requestToken(fetchFn: FetchLike, code: string): Promise<ApiResult<ShareToken>> {
  return call(fetchFn, `/api/shares/${encodeURIComponent(code)}/token`, json(null, {}), isShareToken);
}

export interface PromptBody {
  text: string;
  promptId: string;
  user: { name: string };
}

/**
 * Why a prompt's text cannot be sent, or null: the bounds are checked here so an oversized paste
 * fails at once; the server checks everything else (names included) and its message is shown.
 */
export function promptTextProblem(text: string): string | null {
  if (text.trim() === "") return "A prompt needs some text.";
  if (text.length > MAX_PROMPT_LENGTH) return `A prompt can be at most ${MAX_PROMPT_LENGTH.toLocaleString("en-US")} characters.`;
  return null;
}

export function submitPrompt(fetchFn: FetchLike, sessionId: string, token: string, body: PromptBody): Promise<ApiResult<PromptAccepted>> {
  const problem = promptTextProblem(body.text);
  if (problem !== null) return Promise.resolve({ ok: false, error: { status: 400, code: "validation_failed", message: problem } });
  return call(fetchFn, `/v1/sessions/${encodeURIComponent(sessionId)}/prompts`, json(token, body), isPromptAccepted);
}

/** A viewer's answer to a permission request: the decision, the agent's option it picked (if any), and who answered. */
export interface PermissionChoice {
  decision: "allow" | "allow_session" | "deny";
  optionId?: string;
  user?: { name: string };
}

export function answerPermission(
  fetchFn: FetchLike,
  sessionId: string,
  token: string,
  requestId: string,
  choice: PermissionChoice,
): Promise<ApiResult<unknown>> {
  const url = `/v1/sessions/${encodeURIComponent(sessionId)}/permissions/${encodeURIComponent(requestId)}`;
  return call(fetchFn, url, json(token, choice), anything);
}

export function eventsUrl(sessionId: string, offset: string): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}/events?offset=${encodeURIComponent(offset)}&live=sse`;
}

/** A share code is gone for good (unknown, expired or revoked). */
export function isGone(error: ApiError): boolean {
  return error.status === 404 || error.status === 410;
}

/** The share code from a viewer path (`/s/<code>`), or null. */
export function shareCodeFromPath(pathname: string): string | null {
  const match = /^\/s\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
