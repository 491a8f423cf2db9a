// Outbound triggers (CodeSpar's POST /v1/triggers): one event, optionally one server's tool calls,
// delivered to a URL through the webhook outbox and signed X-CodeSpar-Signature. The wire shapes,
// and which session-log event makes which trigger event (pure: the outbox builds deliveries with it).
import { z } from "zod";
import { IsoTimestamp } from "./common";
import type { SessionEvent } from "./events";

export const TRIGGER_EVENT_TYPES = [
  "tool_call.completed",
  "tool_call.failed",
  "turn.completed",
  "turn.failed",
  "permission.requested",
  "session.error",
  "session.ended",
] as const;
export type TriggerEventType = (typeof TRIGGER_EVENT_TYPES)[number];

/** Each trigger event and the session-log event it is made from (durable-objects/session/webhook-outbox.ts). */
export const TRIGGER_EVENTS: Readonly<Record<TriggerEventType, string>> = {
  "tool_call.completed": "A tool call succeeded (the log's tool_result with isError false)",
  "tool_call.failed": "A tool call failed (tool_result with isError true)",
  "turn.completed": "A turn finished successfully (turn_complete with success true)",
  "turn.failed": "A turn finished unsuccessfully (turn_complete with success false)",
  "permission.requested": "A tool call waits for a permission decision (permission_request)",
  "session.error": "The session logged an error (error)",
  "session.ended": "The session ended: closed, failed or idle (session_end)",
};
export const TriggerEventType = z.enum(TRIGGER_EVENT_TYPES).meta({
  id: "TriggerEventType",
  description: Object.entries(TRIGGER_EVENTS)
    .map(([name, meaning]) => `${name}: ${meaning}`)
    .join("; "),
});

/** Only tool-call events name a server, so only they can be filtered by one. */
export const filtersByServer = (event: TriggerEventType) => event.startsWith("tool_call.");

/** The built-in meta tools' server name (the session object's META_SERVER): no registration, still a valid filter. */
export const BUILT_IN_SERVER = "codespar";

export const TriggerCreate = z
  .object({
    name: z.string().trim().min(1).max(128),
    event: TriggerEventType,
    webhook_url: z.url({ protocol: /^https?$/ }).max(2048),
    server_id: z.string().min(1).max(64).optional().meta({ description: "Only this server's tool calls (tool_call.* events only)" }),
  })
  .superRefine((body, ctx) => {
    if (body.server_id !== undefined && !filtersByServer(body.event)) {
      ctx.addIssue({ code: "custom", path: ["server_id"], message: `filters tool_call.* events only, not ${body.event}` });
    }
  })
  .meta({ id: "TriggerCreate" });
export type TriggerCreate = z.infer<typeof TriggerCreate>;

export const Trigger = z
  .object({
    id: z.string().meta({ example: "trg_0123456789abcdef" }),
    name: z.string(),
    event: TriggerEventType,
    webhook_url: z.string(),
    server_id: z.string().nullable(),
    created_at: IsoTimestamp,
  })
  .meta({ id: "Trigger", description: "The signing secret is never returned after creation" });
export type Trigger = z.infer<typeof Trigger>;

export const TriggerCreated = Trigger.extend({
  secret: z.string().meta({ example: "whsec_…", description: "Signs deliveries (X-CodeSpar-Signature); shown this once only" }),
}).meta({ id: "TriggerCreated" });

export const TriggerList = z.object({ data: z.array(Trigger), triggers: z.array(Trigger) }).meta({ id: "TriggerList" });

/**
 * A delivery's body, signed as sent: `X-CodeSpar-Signature: <hex HMAC-SHA256(secret, raw body)>`.
 * The same bytes on every retry; `id` is unique per session event, so receivers can drop repeats.
 */
export const TriggerDelivery = z
  .object({
    id: z.string(),
    event: TriggerEventType,
    trigger_id: z.string(),
    session_id: z.string(),
    event_id: z.string().meta({ description: "The event's offset in the session log" }),
    created_at: IsoTimestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "TriggerDelivery" });
export type TriggerDelivery = z.infer<typeof TriggerDelivery>;

/** `data` of tool_call.* deliveries: the call as GET /v1/sessions/:id/logs shows it. */
export const ToolCallTriggerData = z.object({
  tool_call_id: z.string(),
  tool_name: z.string().nullable(),
  server_id: z.string().nullable(),
  status: z.enum(["success", "error"]),
  duration_ms: z.number().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  error_code: z.string().nullable(),
});

/** The session-log events triggers are made from; the outbox captures these besides the webhooks' own. */
export const TRIGGER_SOURCE_TYPES = ["tool_result", "turn_complete", "permission_request", "error", "session_end"] as const;

/** The trigger event a log event stands for, or null for one no trigger is made from. */
export function triggerEventOf(event: SessionEvent): TriggerEventType | null {
  switch (event.type) {
    case "tool_result":
      return event.isError ? "tool_call.failed" : "tool_call.completed";
    case "turn_complete":
      return event.success ? "turn.completed" : "turn.failed";
    case "permission_request":
      return "permission.requested";
    case "error":
      return "session.error";
    case "session_end":
      return "session.ended";
    default:
      return null;
  }
}

/** The tool_call a tool_result answers (null when the log has none, e.g. an agent's own call). */
export type CalledTool = { tool: string; server: string | null; input: unknown } | null;

/** A delivery's `data`: snake_case fields as the REST API names them, not the log's own. */
export function triggerData(event: SessionEvent, call: CalledTool): Record<string, unknown> {
  switch (event.type) {
    case "tool_result":
      return {
        tool_call_id: event.callId,
        tool_name: call?.tool ?? null,
        server_id: call?.server ?? null,
        status: event.isError ? "error" : "success",
        duration_ms: event.durationMs ?? null,
        input: call?.input ?? null,
        output: event.output ?? null,
        error_code: event.errorCode ?? null,
      } satisfies z.input<typeof ToolCallTriggerData>;
    case "turn_complete":
      return { prompt_id: event.promptId ?? null, success: event.success, duration_ms: event.durationMs ?? null, usage: event.usage ?? null };
    case "permission_request":
      return { request_id: event.requestId, tool: event.tool, input: event.input ?? null };
    case "error":
      return { code: event.code ?? null, message: event.message, retryable: event.retryable ?? null };
    case "session_end":
      return { reason: event.reason };
    default:
      return {};
  }
}
