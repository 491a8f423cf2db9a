// The session event envelope: every event is {v: 1, type, ts, ...fields}; reads add `offset`.
// Shared by the session object (writes), the API (reads) and the viewer (rendering). A superset of
// the ASP normalized schema (asp.ts): every event of an ASP type is also a valid ASP event.
import { z } from "zod";
import { DisplayName } from "./queue";

export const User = z.object({ name: z.string().min(1).max(100), email: z.string().email().max(200).optional() });
const Usage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number(),
  costUsd: z.number(),
});
const QueueItem = z.object({
  promptId: z.string(),
  text: z.string(),
  user: User.optional(),
  enqueuedAt: z.number(),
  position: z.number().int(),
});

/** A choice an agent offers with a permission request (kinds as in the Agent Client Protocol: allow_once, allow_always, reject_once, reject_always). */
export const PermissionOption = z.object({ optionId: z.string(), name: z.string(), kind: z.string() });

const event = <K extends string, T extends z.ZodRawShape>(type: K, shape: T) => z.object({ v: z.literal(1), type: z.literal(type), ts: z.number(), ...shape });

export const SessionEvent = z.discriminatedUnion("type", [
  event("session_init", {
    sessionId: z.string(),
    agent: z.string(),
    agentVersion: z.string().optional(),
    model: z.string().optional(),
    /** Written on every new log (ASP requires it); logs from before that may lack it. */
    cwd: z.string().optional(),
    runtime: z.enum(["managed", "external"]),
    git: z.object({ branch: z.string(), commit: z.string(), remote: z.string() }).partial().optional(),
  }),
  event("user_message", { text: z.string(), promptId: z.string().optional(), user: User.optional() }),
  /** ASP: a prompt an agent got while busy (capi's streams); the gateway's own queue writes prompt_queued. */
  event("user_message_queued", { text: z.string(), user: User.optional() }),
  event("prompt_queued", { promptId: z.string(), text: z.string(), user: User.optional(), position: z.number() }),
  event("queue_updated", {
    processing: z.boolean(),
    paused: z.boolean(),
    running: QueueItem.nullable(),
    items: z.array(QueueItem),
    size: z.number(),
  }),
  event("assistant_message", {
    text: z.string(),
    phase: z.enum(["commentary", "final"]).optional(),
    iteration: z.number().optional(),
  }),
  /** A piece of assistant text still streaming: its whole assistant_message follows and replaces the pieces. */
  event("assistant_delta", { text: z.string(), iteration: z.number().optional() }),
  event("thinking", { summary: z.string(), text: z.string().nullable() }),
  event("tool_call", {
    callId: z.string(),
    tool: z.string(),
    originalTool: z.string().optional(),
    originalAgent: z.string().optional(),
    server: z.string().optional(),
    input: z.unknown(),
  }),
  event("tool_result", {
    callId: z.string(),
    output: z.unknown(),
    isError: z.boolean(),
    exitCode: z.number().optional(),
    durationMs: z.number().optional(),
    errorCode: z.string().optional(),
  }),
  event("permission_request", {
    requestId: z.string(),
    tool: z.string(),
    input: z.unknown(),
    options: z.array(PermissionOption).optional(),
  }),
  event("permission_response", {
    requestId: z.string(),
    decision: z.enum(["allow", "allow_session", "deny", "cancel"]),
    /** The request's option the answer picked, when it offered options. */
    optionId: z.string().optional(),
    user: User.optional(),
    message: z.string().optional(),
    updatedInput: z.unknown().optional(),
  }),
  event("turn_complete", {
    promptId: z.string().optional(),
    success: z.boolean(),
    durationMs: z.number().optional(),
    usage: Usage.optional(),
  }),
  event("turn_aborted", { promptId: z.string().optional(), reason: z.string() }),
  event("compaction", { summary: z.string().optional() }),
  event("error", { code: z.string().optional(), message: z.string(), retryable: z.boolean().optional() }),
  event("session_end", { reason: z.enum(["closed", "error", "idle_timeout"]) }),
  /** The agent's own account of itself for viewers' headers (an external agent's session_init only says "external"). */
  event("agent_info", { name: DisplayName.optional(), model: DisplayName.optional(), version: DisplayName.optional() }),
]);

/**
 * A streamed piece in its retired form, `assistant_message` with `delta: true` (external agents
 * written against the old schema still send it), as the `assistant_delta` it stands for. Agent
 * ingest (agent.ts) is the one place it can still arrive: stored logs were rewritten by session
 * migration 8.
 */
const RetiredDelta = z.looseObject({ type: z.literal("assistant_message"), delta: z.literal(true) });
export function fromRetiredDelta(raw: unknown): unknown {
  const retired = RetiredDelta.safeParse(raw);
  if (!retired.success) return raw;
  const { delta: _delta, phase: _phase, ...piece } = retired.data;
  return { ...piece, type: "assistant_delta" };
}
export type SessionEvent = z.infer<typeof SessionEvent>;
export type SessionEventType = SessionEvent["type"];
/** An event as the log reads it back: with its offset. */
export const StoredEvent = z.intersection(SessionEvent, z.object({ offset: z.string() }));
export type StoredEvent = z.infer<typeof StoredEvent>;
/** An event as it is written: the envelope's `v` and `ts` are filled in by the log. */
export type NewSessionEvent = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, "v" | "ts"> : never) : never;
