// Webhooks: configuration, the delivery log a tenant reads, and the Flamecast payload a
// `signature: "flamecast"` endpoint receives (@flamecast/protocol's WebhookPayload).
import { z } from "zod";
import { IsoTimestamp } from "./common";

export const WEBHOOK_EVENT_TYPES = ["permission_request", "turn_complete", "error", "session_end"] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** How deliveries are signed: the gateway's X-Gateway-Signature, or Flamecast's X-Flamecast-Signature with its payload. */
export const WEBHOOK_SIGNATURES = ["gateway", "flamecast"] as const;
export const WebhookSignature = z.enum(WEBHOOK_SIGNATURES).meta({
  description: "gateway: X-Gateway-Signature over the gateway's body; flamecast: X-Flamecast-Signature over @flamecast/protocol's WebhookPayload",
});
export type WebhookSignature = z.infer<typeof WebhookSignature>;

/** @flamecast/protocol's WebhookEventType: its name for each gateway event (a finished turn is `end_turn`). */
export const FLAMECAST_EVENT_TYPES = ["permission_request", "end_turn", "error", "session_end"] as const;
export type FlamecastEventType = (typeof FLAMECAST_EVENT_TYPES)[number];
/** null for a gateway event Flamecast has no name for: such an event is never sent to a flamecast endpoint. */
export const FLAMECAST_EVENT_OF: Record<WebhookEventType, FlamecastEventType | null> = {
  permission_request: "permission_request",
  turn_complete: "end_turn",
  error: "error",
  session_end: "session_end",
};

/** The seed's `end_turn` names one gateway event only, so it is taken as an alias and stored as `turn_complete`. */
const SubscribedEvent = z.enum([...WEBHOOK_EVENT_TYPES, "end_turn"]).transform((type): WebhookEventType => (type === "end_turn" ? "turn_complete" : type));

export const WebhookCreate = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(16, "use at least 16 characters").max(200),
    events: z
      .array(SubscribedEvent)
      .min(1)
      .transform((types) => [...new Set(types)])
      .optional()
      .meta({ description: "Gateway event names (end_turn is taken as turn_complete); all four when absent" }),
    signature: WebhookSignature.default("gateway"),
  })
  .meta({ id: "WebhookCreate" });
export type WebhookCreate = z.output<typeof WebhookCreate>;

export const Webhook = z
  .object({ id: z.string(), url: z.string(), events: z.array(WebhookEventType), signature: WebhookSignature, created_at: IsoTimestamp })
  .meta({ id: "Webhook", description: "The secret is never returned" });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookList = z.object({ webhooks: z.array(Webhook) }).meta({ id: "WebhookList" });

/**
 * @flamecast/protocol's WebhookPayload, the body a flamecast endpoint receives; `timestamp` is ISO
 * 8601 and `eventId` the event's offset in the session log (the same across retries).
 */
export const FlamecastWebhookPayload = z.object({
  sessionId: z.string(),
  eventId: z.string(),
  timestamp: z.string(),
  event: z.object({ type: z.enum(FLAMECAST_EVENT_TYPES), data: z.record(z.string(), z.unknown()) }),
});
export type FlamecastWebhookPayload = z.infer<typeof FlamecastWebhookPayload>;

export const WebhookDelivery = z
  .object({
    id: z.string(),
    session_id: z.string(),
    event_id: z.string(),
    event_type: z.string().meta({ description: "The name sent: the gateway's event type, Flamecast's (end_turn) to a flamecast endpoint, a trigger's event" }),
    attempt: z.number().int(),
    outcome: z.enum(["delivered", "retrying", "failed"]),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
    created_at: IsoTimestamp,
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDelivery) }).meta({ id: "WebhookDeliveryList" });
