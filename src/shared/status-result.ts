// A tool call's async payment or verification status, from the call itself and the provider events
// that correlate with it (oldest first). Pure: the status routes and their streams answer with it.
import { combinePayment, combineVerification, mapStatus } from "./provider-status";
import type { PaymentStatusResult, ToolCallIndexEntry, VerificationStatusResult } from "./schemas/tool-status";

export type IndexedCall = Pick<ToolCallIndexEntry, "tool_call_id" | "status" | "idempotency_key" | "tool_kind" | "provider_status" | "hosted_url">;

export interface CorrelatedEvent {
  event_type: string;
  received_at: string;
  provider: string | null;
  provider_action: string | null;
  payment_id: string | null;
  verification_id: string | null;
  status: string | null;
  hosted_url: string | null;
}

const originalStatus = (call: IndexedCall) => call.provider_status ?? call.status;

/** The call's own output counts as the first status only when the call was a payment (or verification) itself. */
export function paymentStatusResult(call: IndexedCall, events: readonly CorrelatedEvent[]): PaymentStatusResult {
  const own = call.tool_kind === "payment" ? mapStatus("payment", call.provider_status) : null;
  return {
    tool_call_id: call.tool_call_id,
    payment_status: combinePayment([own, ...events.map((event) => event.status)]),
    idempotency_key: call.idempotency_key,
    original_status: originalStatus(call),
    events: events.map((event) => ({
      event_type: event.event_type,
      received_at: event.received_at,
      provider: event.provider,
      provider_action: event.provider_action,
      payment_id: event.payment_id,
    })),
  };
}

export function verificationStatusResult(call: IndexedCall, events: readonly CorrelatedEvent[]): VerificationStatusResult {
  const own = call.tool_kind === "verification" ? mapStatus("verification", call.provider_status) : null;
  const latestUrl = events.findLast((event) => event.hosted_url !== null)?.hosted_url ?? null;
  return {
    tool_call_id: call.tool_call_id,
    verification_status: combineVerification([own, ...events.map((event) => event.status)]),
    idempotency_key: call.idempotency_key,
    original_status: originalStatus(call),
    hosted_url: call.hosted_url ?? latestUrl,
    events: events.map((event) => ({
      event_type: event.event_type,
      received_at: event.received_at,
      provider: event.provider,
      verification_id: event.verification_id,
    })),
  };
}
