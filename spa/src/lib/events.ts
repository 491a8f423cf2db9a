// Decoding of log items as the viewer receives them: a session event (src/shared/schemas/events.ts)
// or an ASP event (streams `capi` writes itself; src/shared/schemas/asp.ts), which differ only in
// fields the viewer treats as optional, plus the `offset` the gateway adds on reads. Items of
// another shape are kept as "unknown" so a newer server never breaks an older viewer, and offsets
// still advance. Checked structurally (lib/check.ts) rather than with the server's zod schemas,
// which would triple the size of the first load.
import type { SessionEvent } from "../../../src/shared/schemas/events";
import {
  anything,
  arrayOf,
  bool,
  type Check,
  type Optional,
  type Infer,
  isRecord,
  lit,
  nullable,
  num,
  object,
  oneOf,
  opt,
  pick,
  refine,
  str,
  tagged,
} from "./check";

type Ev<T extends SessionEvent["type"]> = Extract<SessionEvent, { type: T }>;
type Usage = NonNullable<Ev<"turn_complete">["usage"]>;

/**
 * What the viewer shows: a session event, or an ASP event that is not one (a session_init without
 * `runtime`, a session_end without `reason`, turn usage with counts missing), or the agent's own
 * account of its name and model (`agent_info`, which external agents may send).
 */
export type ViewerEvent =
  | Exclude<SessionEvent, { type: "session_init" | "session_end" | "turn_complete" }>
  | (Omit<Ev<"session_init">, "runtime"> & { runtime?: Ev<"session_init">["runtime"] })
  | (Omit<Ev<"session_end">, "reason"> & { reason?: Ev<"session_end">["reason"] })
  | (Omit<Ev<"turn_complete">, "usage"> & { usage?: Partial<Usage> });

export type LoggedEvent = ViewerEvent & { offset: string };

export type Incoming = { kind: "event"; event: LoggedEvent } | { kind: "unknown"; offset: string; type: string; ts: number | null };

const user = opt(object({ name: str, email: opt(str) }));
const queueItem = object({ promptId: str, text: str, user, enqueuedAt: num, position: num });
const event = <const T extends string, const S extends Readonly<Record<string, Check<unknown> | Optional<unknown>>>>(type: T, shape: S) =>
  object({ v: lit(1), type: lit(type), ts: num, ...shape });

/** Every viewer event, by type; test/unit/viewer-check.test.ts holds it to the server's schemas. */
export const isViewerEvent = tagged("type", {
  // A session's own init has `runtime`, an ASP one `cwd`, a gateway one from before cwd only `runtime`.
  session_init: refine(
    event("session_init", {
      sessionId: str,
      agent: str,
      agentVersion: opt(str),
      model: opt(str),
      cwd: opt(str),
      runtime: opt(oneOf("managed", "external")),
      git: opt(object({ branch: opt(str), commit: opt(str), remote: opt(str) })),
    }),
    (init) => init.runtime !== undefined || init.cwd !== undefined,
  ),
  user_message: event("user_message", { text: str, promptId: opt(str), user }),
  user_message_queued: event("user_message_queued", { text: str, user }),
  prompt_queued: event("prompt_queued", { promptId: str, text: str, user, position: num }),
  queue_updated: event("queue_updated", { processing: bool, paused: bool, running: nullable(queueItem), items: arrayOf(queueItem), size: num }),
  assistant_message: event("assistant_message", { text: str, phase: opt(oneOf("commentary", "final")), iteration: opt(num) }),
  assistant_delta: event("assistant_delta", { text: str, iteration: opt(num) }),
  thinking: event("thinking", { summary: str, text: nullable(str) }),
  tool_call: event("tool_call", { callId: str, tool: str, originalTool: opt(str), originalAgent: opt(str), server: opt(str), input: anything }),
  tool_result: event("tool_result", {
    callId: str,
    output: anything,
    isError: bool,
    exitCode: opt(num),
    durationMs: opt(num),
    errorCode: opt(str),
  }),
  permission_request: event("permission_request", {
    requestId: str,
    tool: str,
    input: anything,
    options: opt(arrayOf(object({ optionId: str, name: str, kind: str }))),
  }),
  permission_response: event("permission_response", {
    requestId: str,
    decision: oneOf("allow", "allow_session", "deny", "cancel"),
    optionId: opt(str),
    user,
    message: opt(str),
    updatedInput: opt(anything),
  }),
  turn_complete: event("turn_complete", {
    promptId: opt(str),
    success: bool,
    durationMs: opt(num),
    usage: opt(object({ inputTokens: opt(num), outputTokens: opt(num), cachedInputTokens: opt(num), costUsd: opt(num) })),
  }),
  turn_aborted: event("turn_aborted", { promptId: opt(str), reason: str }),
  compaction: event("compaction", { summary: opt(str) }),
  error: event("error", { code: opt(str), message: str, retryable: opt(bool) }),
  session_end: event("session_end", { reason: opt(oneOf("closed", "error", "idle_timeout")) }),
  agent_info: event("agent_info", { name: opt(str), model: opt(str), version: opt(str) }),
});
export type CheckedEvent = Infer<typeof isViewerEvent>;

/**
 * A streamed piece in its retired form (`assistant_message` with `delta: true`) as the
 * `assistant_delta` it stands for: a server that has not migrated its logs yet may still send it.
 */
function fromRetiredDelta(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.type !== "assistant_message" || raw.delta !== true) return raw;
  const { delta: _delta, phase: _phase, ...piece } = raw;
  return { ...piece, type: "assistant_delta" };
}

/** Decodes one item of an `event: data` array; null when it has no usable offset. */
export function decodeItem(raw: unknown): Incoming | null {
  if (!isRecord(raw) || typeof raw.offset !== "string" || raw.offset === "") return null;
  const { offset } = raw;
  const item = fromRetiredDelta(raw);
  // Only the fields the viewer knows are kept: ASP events may carry others, which rows must not pick up.
  const member = isViewerEvent.member(item.type);
  const known = member === undefined ? null : pick(item, member);
  if (known !== null && isViewerEvent(known)) return { kind: "event", event: { ...known, offset } };
  return { kind: "unknown", offset, type: typeof raw.type === "string" ? raw.type : "unknown", ts: typeof raw.ts === "number" ? raw.ts : null };
}

export function offsetOf(item: Incoming): string {
  return item.kind === "event" ? item.event.offset : item.offset;
}

/** Offsets are opaque strings that sort lexicographically ("-1" is the start, before all). */
export function isAfter(offset: string, last: string | null): boolean {
  return last === null || offset > last;
}
