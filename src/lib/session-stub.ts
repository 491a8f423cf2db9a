// Addressing a session's Durable Object. The object's name includes the project id, so a session id
// presented under another project reaches a different, empty object: tenants cannot cross by design.
import type { Context } from "hono";
import type { AppEnv, Env } from "../env";
import type { Result } from "../shared/result";
import { ApiError, failureError } from "./errors";
import { sessionObjectName } from "../shared/object-names";

const SESSION_ID = /^ses_[A-Za-z0-9]{1,64}$/;

export function sessionStub(env: Env, projectId: string, sessionId: string) {
  if (!SESSION_ID.test(sessionId)) throw new ApiError(404, "session_not_found", "Session not found");
  return env.SESSIONS.get(env.SESSIONS.idFromName(sessionObjectName(projectId, sessionId)));
}

/** The value of an RPC result, or the API error it carries. */
export function unwrap<R extends Result<unknown>>(result: R): Extract<R, { ok: true }>["value"] {
  if (!result.ok) throw failureError(result.error);
  return result.value;
}

/** The caller's project and the stub of the session named in the path (the usual start of a session route). */
export function callerSession(c: Context<AppEnv>, sessionId: string) {
  const projectId = c.get("principal").project.id;
  return { projectId, stub: sessionStub(c.env, projectId, sessionId) };
}
