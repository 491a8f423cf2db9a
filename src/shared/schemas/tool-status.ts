// Tool calls after the fact: the project-wide index entry a session object writes for each finished
// call, the rows the live log tail sends, async payment and verification status, and the answer
// to an inbound provider webhook.
import { z } from "zod";
import { EVENT_KINDS, PAYMENT_STATUSES, VERIFICATION_STATUSES } from "../provider-status";
import { IsoTimestamp } from "./common";

const Nullable = z.string().nullable();

/** One finished tool call as the project-wide index holds it (D1 `tool_call_index`). */
export const ToolCallIndexEntry = z.object({
  tool_call_id: z.string(),
  org_id: z.string(),
  project_id: z.string(),
  session_id: z.string(),
  server_id: z.string(),
  tool_name: z.string(),
  status: z.enum(["success", "error"]),
  error: Nullable,
  error_code: Nullable,
  idempotency_key: Nullable,
  external_reference: Nullable,
  tool_kind: z.enum(EVENT_KINDS),
  provider_id: Nullable,
  payment_id: Nullable,
  verification_id: Nullable,
  provider_status: Nullable,
  hosted_url: Nullable,
  duration_ms: z.number(),
  called_at: IsoTimestamp,
});
export type ToolCallIndexEntry = z.infer<typeof ToolCallIndexEntry>;

/** A row of GET /v1/logs/stream: what `codespar logs --tail` prints (id, tool, server, status, duration_ms, called_at, session_id, error). */
export const ToolCallLogEntry = z
  .object({
    id: z.string(),
    session_id: z.string(),
    tool: z.string(),
    tool_name: z.string(),
    server: z.string(),
    server_id: z.string(),
    status: z.enum(["success", "error"]),
    duration_ms: z.number().meta({ description: "milliseconds" }),
    error: Nullable,
    error_code: Nullable,
    idempotency_key: Nullable,
    called_at: IsoTimestamp,
  })
  .meta({ id: "ToolCallLogEntry" });
export type ToolCallLogEntry = z.infer<typeof ToolCallLogEntry>;

export const ToolCallLogList = z.object({ data: z.array(ToolCallLogEntry), tool_calls: z.array(ToolCallLogEntry) }).meta({ id: "ToolCallLogList" });

export const LogStreamQuery = z.object({
  server: z.string().min(1).max(64).optional().meta({ description: "Only calls to this server id" }),
  status: z.enum(["success", "error"]).optional(),
  tool: z.string().min(1).max(200).optional().meta({ description: "Only this tool: `server/tool`, or the tool part alone" }),
  limit: z.coerce.number().int().min(0).max(200).default(20).meta({ description: "How many recent rows to replay first, oldest first" }),
});
export type LogStreamQuery = z.infer<typeof LogStreamQuery>;

const ORIGINAL_STATUS =
  "The status the call itself reported: the provider's own status in the tool's output (e.g. PENDING) when it gave one, else the execute status (success | error)";

export const PaymentStatusEvent = z
  .object({ event_type: z.string(), received_at: IsoTimestamp, provider: Nullable, provider_action: Nullable, payment_id: Nullable })
  .meta({ id: "PaymentStatusEvent" });

export const PaymentStatusResult = z
  .object({
    tool_call_id: z.string(),
    payment_status: z.enum(PAYMENT_STATUSES),
    idempotency_key: Nullable.meta({ description: "The key the gateway gave the call (null for calls made before keys)" }),
    original_status: Nullable.meta({ description: ORIGINAL_STATUS }),
    events: z.array(PaymentStatusEvent),
  })
  .meta({ id: "PaymentStatusResult" });
export type PaymentStatusResult = z.infer<typeof PaymentStatusResult>;

export const VerificationStatusEvent = z
  .object({ event_type: z.string(), received_at: IsoTimestamp, provider: Nullable, verification_id: Nullable })
  .meta({ id: "VerificationStatusEvent" });

export const VerificationStatusResult = z
  .object({
    tool_call_id: z.string(),
    verification_status: z.enum(VERIFICATION_STATUSES).meta({ description: "Precedence approved > rejected > review > expired > pending > unknown" }),
    idempotency_key: Nullable,
    original_status: Nullable.meta({ description: ORIGINAL_STATUS }),
    hosted_url: Nullable.meta({ description: "The buyer-facing flow's URL, from the call's output or else the latest event" }),
    events: z.array(VerificationStatusEvent),
  })
  .meta({ id: "VerificationStatusResult" });
export type VerificationStatusResult = z.infer<typeof VerificationStatusResult>;

export const InboundWebhookReply = z
  .object({
    received: z.number().int().meta({ description: "Events in the delivery" }),
    events: z.array(
      z.object({
        id: z.string(),
        event_type: z.string(),
        kind: z.enum(EVENT_KINDS),
        status: Nullable,
        duplicate: z.boolean().meta({ description: "Already received (same provider event id, or the same event body)" }),
        tool_call_ids: z.array(z.string()).meta({ description: "The project's tool calls it correlates with so far" }),
      }),
    ),
  })
  .meta({ id: "InboundWebhookReply" });
export type InboundWebhookReply = z.infer<typeof InboundWebhookReply>;
