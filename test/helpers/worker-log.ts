// Reads a session's event log straight from its Durable Object (the readEvents RPC), as tests inspect it.
import { env, runInDurableObject } from "cloudflare:test";

export const sessionObject = (projectId: string, sessionId: string) => env.SESSIONS.get(env.SESSIONS.idFromName(`${projectId}/${sessionId}`));

/** Moves a share's expiry into the past in its session object (rather than sleeping until it expires). */
export const expireShare = (projectId: string, sessionId: string, code: string) =>
  runInDurableObject(sessionObject(projectId, sessionId), (_instance, state) => {
    state.storage.sql.exec("UPDATE shares SET expires_at = ? WHERE code = ?", Date.now() - 1, code);
  });

/** Every event of the session, oldest first. */
export async function readLog(projectId: string, sessionId: string) {
  const result = await sessionObject(projectId, sessionId).readEvents(projectId, "-1", 1_000);
  if (!result.ok) throw new Error(`readEvents: ${result.error.code} ${result.error.message}`);
  return result.value.events;
}

/** Types of the events a turn and a session's lifecycle write (queue bookkeeping such as queue_updated is left out). */
const TURN_TYPES = new Set([
  "session_init",
  "user_message",
  "assistant_message",
  "tool_call",
  "tool_result",
  "turn_complete",
  "turn_aborted",
  "error",
  "session_end",
]);

/** The turn and lifecycle events of a log, in order. */
export const turnEvents = <E extends { type: string }>(events: readonly E[]) => events.filter((event) => TURN_TYPES.has(event.type));

export const eventTypes = (events: readonly { type: string }[]) => turnEvents(events).map((event) => event.type);
