// Flamecast-signed webhook deliveries: a log event as @flamecast/protocol's WebhookPayload, with its
// event names (a finished turn is end_turn). The body is made once at fan-out and queued as it is,
// so every attempt sends the same bytes under the same X-Flamecast-Signature.
import type { StoredEvent } from "../../src/shared/schemas/events";
import { FLAMECAST_EVENT_OF, FlamecastWebhookPayload, WebhookEventType, type FlamecastEventType } from "../../src/shared/schemas/webhooks";

/**
 * The event's `data`: the fields @flamecast/protocol's session host sends for that event first
 * (permission_request's PermissionRequestEvent, end_turn's promptResponse, session_end's exitCode,
 * error's message), then the gateway's own fields, which a Flamecast consumer may ignore.
 */
function flamecastData(event: StoredEvent): Record<string, unknown> | null {
  switch (event.type) {
    case "turn_complete":
      // ACP's PromptResponse; a failed turn has none (ACP answers a failed prompt with an error instead).
      return {
        promptResponse: event.success ? { stopReason: "end_turn" } : null,
        promptId: event.promptId,
        success: event.success,
        durationMs: event.durationMs,
        usage: event.usage,
      };
    case "permission_request":
      // The gateway's request names a tool, not an ACP tool call: the request id is the one id it has.
      return {
        requestId: event.requestId,
        toolCallId: event.requestId,
        title: event.tool,
        options: event.options ?? [],
        tool: event.tool,
        input: event.input,
      };
    case "session_end":
      // The gateway runs no agent process of its own whose exit code it could report.
      return { exitCode: null, reason: event.reason };
    case "error":
      return { message: event.message, code: event.code, retryable: event.retryable };
    default:
      return null;
  }
}

/** The delivery of `event` to a flamecast endpoint, or null when Flamecast has no name for it (it is not sent). */
export function flamecastDelivery(sessionId: string, event: StoredEvent): { type: FlamecastEventType; body: string } | null {
  const gatewayType = WebhookEventType.safeParse(event.type);
  const type = gatewayType.success ? FLAMECAST_EVENT_OF[gatewayType.data] : null;
  const data = flamecastData(event);
  if (type === null || data === null) return null;
  const payload: FlamecastWebhookPayload = { sessionId, eventId: event.offset, timestamp: new Date(event.ts).toISOString(), event: { type, data } };
  return { type, body: JSON.stringify(payload) };
}

/** Whether a webhook queue row holds a finished Flamecast body (else it holds the log event, for a gateway-signed body). */
export function isFlamecastBody(queued: string): boolean {
  return FlamecastWebhookPayload.safeParse(JSON.parse(queued)).success;
}
