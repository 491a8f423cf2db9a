// Decoding of log items as the viewer receives them: the shared SessionEvent schema, else the ASP
// normalized schema (streams `capi` writes itself) mapped onto the same events, plus the `offset`
// the gateway adds on reads. Items that fail both are kept as "unknown" so a newer server never
// breaks an older viewer, and offsets still advance.
import { z } from "zod";
import { AspEvent } from "../../../src/shared/schemas/asp";
import { fromRetiredDelta, SessionEvent } from "../../../src/shared/schemas/events";

type Ev<T extends SessionEvent["type"]> = Extract<SessionEvent, { type: T }>;
type Usage = NonNullable<Ev<"turn_complete">["usage"]>;

/**
 * What the viewer shows: a session event, or an ASP event that is not one (a session_init without
 * `runtime`, a session_end without `reason`, turn usage with counts missing).
 */
export type ViewerEvent =
  | Exclude<SessionEvent, { type: "session_init" | "session_end" | "turn_complete" }>
  | (Omit<Ev<"session_init">, "runtime"> & { runtime?: Ev<"session_init">["runtime"] })
  | (Omit<Ev<"session_end">, "reason"> & { reason?: Ev<"session_end">["reason"] })
  | (Omit<Ev<"turn_complete">, "usage"> & { usage?: Partial<Usage> });

export type LoggedEvent = ViewerEvent & { offset: string };

export type Incoming = { kind: "event"; event: LoggedEvent } | { kind: "unknown"; offset: string; type: string; ts: number | null };

const Envelope = z.object({ offset: z.string().min(1), type: z.string().optional(), ts: z.number().optional() });

/** Decodes one item of an `event: data` array; null when it has no usable offset. */
export function decodeItem(raw: unknown): Incoming | null {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return null;
  const { offset } = envelope.data;
  // A piece in its retired form may still come from a server that has not migrated its logs yet.
  const event = SessionEvent.safeParse(fromRetiredDelta(raw));
  if (event.success) return { kind: "event", event: { ...event.data, offset } };
  const asp = AspEvent.safeParse(raw);
  if (asp.success) return { kind: "event", event: { ...fromAsp(asp.data), offset } };
  return { kind: "unknown", offset, type: envelope.data.type ?? "unknown", ts: envelope.data.ts ?? null };
}

/** An ASP event as a viewer event: its known fields only (ASP allows extra ones, which rows must not pick up). */
function fromAsp(event: AspEvent): ViewerEvent {
  const { v, ts } = event;
  switch (event.type) {
    case "session_init": {
      const { sessionId, agent, agentVersion, model, cwd, git } = event;
      return { v, ts, type: event.type, sessionId, agent, agentVersion, model, cwd, git };
    }
    case "user_message":
    case "user_message_queued":
      return { v, ts, type: event.type, text: event.text, user: event.user };
    case "assistant_message":
      return { v, ts, type: event.type, text: event.text, phase: event.phase };
    case "thinking":
      return { v, ts, type: event.type, summary: event.summary, text: event.text };
    case "tool_call": {
      const { callId, tool, originalTool, originalAgent, input } = event;
      return { v, ts, type: event.type, callId, tool, originalTool, originalAgent, input };
    }
    case "tool_result": {
      const { callId, output, isError, exitCode } = event;
      return { v, ts, type: event.type, callId, output, isError, exitCode };
    }
    case "permission_request":
      return { v, ts, type: event.type, requestId: event.requestId, tool: event.tool, input: event.input };
    case "permission_response": {
      const { requestId, decision, user, message, updatedInput } = event;
      return { v, ts, type: event.type, requestId, decision, user, message, updatedInput };
    }
    case "turn_complete":
      return { v, ts, type: event.type, success: event.success, usage: event.usage, durationMs: event.durationMs };
    case "turn_aborted":
      return { v, ts, type: event.type, reason: event.reason };
    case "compaction":
      return { v, ts, type: event.type, summary: event.summary };
    case "error":
      return { v, ts, type: event.type, code: event.code, message: event.message, retryable: event.retryable };
    case "session_end":
      return { v, ts, type: event.type };
  }
}

export function offsetOf(item: Incoming): string {
  return item.kind === "event" ? item.event.offset : item.offset;
}

/** Offsets are opaque strings that sort lexicographically ("-1" is the start, before all). */
export function isAfter(offset: string, last: string | null): boolean {
  return last === null || offset > last;
}
