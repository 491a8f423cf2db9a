// Webhooks: configuration, and the delivery log a tenant reads.
import { z } from "zod";
import { IsoTimestamp } from "./common";

export const WEBHOOK_EVENT_TYPES = ["permission_request", "turn_complete", "error", "session_end"] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const WebhookCreate = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(16, "use at least 16 characters").max(200),
    events: z.array(WebhookEventType).min(1).optional(),
  })
  .meta({ id: "WebhookCreate" });

export const Webhook = z
  .object({ id: z.string(), url: z.string(), events: z.array(WebhookEventType), created_at: IsoTimestamp })
  .meta({ id: "Webhook", description: "The secret is never returned" });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookList = z.object({ webhooks: z.array(Webhook) }).meta({ id: "WebhookList" });

export const WebhookDelivery = z
  .object({
    id: z.string(),
    session_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
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
