// Provider webhook normalization and status vocabulary: the shapes real providers send (Asaas,
// Stripe, Persona, Mercado Pago, flat generic bodies) become the same events, statuses map to the
// API's enums, several statuses combine by the documented precedence, and a tool call's output
// yields the references that correlate it.
import { describe, expect, it } from "vitest";
import { normalizeEvent, normalizeInbound, toolCallReferences, MAX_EVENTS_PER_DELIVERY } from "../../src/shared/provider-events";
import { combinePayment, combineVerification, mapStatus } from "../../src/shared/provider-status";
import { paymentStatusResult, verificationStatusResult, type CorrelatedEvent } from "../../src/shared/status-result";

describe("normalizeEvent", () => {
  it("reads an Asaas payment event: the payment object's id, status and externalReference, the event's own id", () => {
    const event = normalizeEvent(
      {
        id: "evt_05b708f961d739ea7eba7e4db318f621",
        event: "PAYMENT_RECEIVED",
        payment: {
          object: "payment",
          id: "pay_080225913252",
          status: "RECEIVED",
          externalReference: "order-77",
          invoiceUrl: "https://sandbox.asaas.com/i/080225913252",
        },
      },
      "asaas",
    );
    expect(event).toEqual({
      event_type: "PAYMENT_RECEIVED",
      kind: "payment",
      provider: "asaas",
      provider_action: "received",
      provider_event_id: "evt_05b708f961d739ea7eba7e4db318f621",
      payment_id: "pay_080225913252",
      verification_id: null,
      status: "succeeded",
      provider_status: "RECEIVED",
      idempotency_key: null,
      external_reference: "order-77",
      hosted_url: "https://sandbox.asaas.com/i/080225913252",
    });
  });

  it("maps Asaas lifecycle events: created and overdue stay pending, refunded and deleted end it", () => {
    const status = (event: string, paymentStatus: string) => normalizeEvent({ event, payment: { id: "pay_1", status: paymentStatus } }, "asaas").status;
    expect(status("PAYMENT_CREATED", "PENDING")).toBe("pending");
    expect(status("PAYMENT_OVERDUE", "OVERDUE")).toBe("pending");
    expect(status("PAYMENT_CONFIRMED", "CONFIRMED")).toBe("succeeded");
    expect(status("PAYMENT_REFUNDED", "REFUNDED")).toBe("refunded");
    expect(status("PAYMENT_DELETED", "PENDING")).toBe("failed");
    expect(status("PAYMENT_REFUND_IN_PROGRESS", "REFUND_IN_PROGRESS")).toBe("updated");
    // An update event reports the payment's current state.
    expect(status("PAYMENT_UPDATED", "RECEIVED")).toBe("succeeded");
  });

  it("reads a Stripe event: data.object, its metadata's idempotency key, the request's idempotency key as a fallback", () => {
    const event = normalizeEvent(
      {
        id: "evt_1",
        object: "event",
        type: "payment_intent.succeeded",
        data: { object: { id: "pi_3", object: "payment_intent", status: "succeeded", metadata: { idempotency_key: "0b6f1c9e-key" } } },
      },
      "stripe",
    );
    expect(event).toMatchObject({ kind: "payment", provider_action: "succeeded", payment_id: "pi_3", status: "succeeded", idempotency_key: "0b6f1c9e-key" });
    const viaRequest = normalizeEvent(
      { id: "evt_2", type: "payment_intent.created", request: { id: "req_1", idempotency_key: "k-2" }, data: { object: { id: "pi_4" } } },
      "stripe",
    );
    expect(viaRequest).toMatchObject({ idempotency_key: "k-2", status: "pending", provider_event_id: "evt_2" });
  });

  it("lets a decisive event name win over the object's status (a refunded charge still says succeeded)", () => {
    const event = normalizeEvent({ id: "evt_3", type: "charge.refunded", data: { object: { id: "ch_1", object: "charge", status: "succeeded" } } }, "stripe");
    expect(event.status).toBe("refunded");
    const failed = normalizeEvent({ type: "payment_intent.payment_failed", data: { object: { id: "pi_5", status: "requires_payment_method" } } }, "stripe");
    expect(failed.status).toBe("failed");
  });

  it("reads identity verifications: Stripe Identity and Persona's JSON:API shape", () => {
    const stripe = normalizeEvent(
      {
        id: "evt_4",
        type: "identity.verification_session.verified",
        data: { object: { id: "vs_1", object: "identity.verification_session", status: "verified", url: "https://verify.stripe.com/start/abc" } },
      },
      "stripe-identity",
    );
    expect(stripe).toMatchObject({
      kind: "verification",
      verification_id: "vs_1",
      payment_id: null,
      status: "approved",
      hosted_url: "https://verify.stripe.com/start/abc",
    });
    const persona = normalizeEvent(
      {
        data: {
          type: "event",
          id: "evt_persona",
          attributes: {
            name: "inquiry.marked-for-review",
            payload: { data: { type: "inquiry", id: "inq_1", attributes: { status: "marked-for-review", "reference-id": "user-9" } } },
          },
        },
      },
      "persona",
    );
    expect(persona).toMatchObject({
      event_type: "inquiry.marked-for-review",
      kind: "verification",
      provider_event_id: "evt_persona",
      verification_id: "inq_1",
      status: "review",
      external_reference: "user-9",
    });
  });

  it("reads Mercado Pago notifications (numeric ids) and flat generic bodies", () => {
    expect(normalizeEvent({ id: 12345, type: "payment", action: "payment.updated", data: { id: 987654321 } }, "mercadopago")).toMatchObject({
      event_type: "payment.updated",
      kind: "payment",
      provider_action: "updated",
      payment_id: "987654321",
      status: "updated",
    });
    expect(normalizeEvent({ event: "charge.paid", id: "ch_9", idempotency_key: "k-9", provider: "pagarme" }, "pg")).toMatchObject({
      provider: "pagarme",
      payment_id: "ch_9",
      status: "succeeded",
      idempotency_key: "k-9",
      provider_event_id: null,
    });
    expect(normalizeEvent({ type: "kyc.rejected", verification_id: "ver_1" }, "kyc")).toMatchObject({ kind: "verification", status: "rejected" });
  });

  it("tells the kind from words only one kind uses, and leaves an ambiguous event as other", () => {
    expect(normalizeEvent({ event: "status_changed", status: "paid", external_reference: "o-1" }, "x")).toMatchObject({ kind: "payment", status: "succeeded" });
    expect(normalizeEvent({ event: "status_changed", status: "needs_review" }, "x")).toMatchObject({ kind: "verification", status: "review" });
    expect(normalizeEvent({ event: "status_changed", status: "approved", idempotency_key: "k" }, "x")).toMatchObject({ kind: "other", status: null });
    expect(normalizeEvent({}, "x")).toMatchObject({ event_type: "unknown", kind: "other", provider_action: null, status: null });
  });

  it("ignores URLs that are not http(s) and ids that are not short text", () => {
    const event = normalizeEvent(
      { event: "PAYMENT_CREATED", payment: { id: { nested: true }, hosted_url: "javascript:alert(1)", status: "PENDING" } },
      "asaas",
    );
    expect(event).toMatchObject({ payment_id: null, hosted_url: null, status: "pending" });
    expect(normalizeEvent({ event: "PAYMENT_CREATED", payment: { id: "x".repeat(600) } }, "asaas").payment_id).toBeNull();
  });
});

describe("normalizeInbound", () => {
  it("takes one event, an array of events, or {events: [...]}", () => {
    const one = normalizeInbound({ event: "PAYMENT_CREATED", payment: { id: "pay_1" } }, "asaas");
    expect(one.ok && one.events.map(({ event }) => event.payment_id)).toEqual(["pay_1"]);
    const array = normalizeInbound([{ event: "a" }, { event: "b" }], "s");
    expect(array.ok && array.events.map(({ event }) => event.event_type)).toEqual(["a", "b"]);
    const wrapped = normalizeInbound({ events: [{ type: "x.paid" }, { type: "y.refunded" }] }, "s");
    expect(wrapped.ok && wrapped.events.map(({ event }) => event.status)).toEqual(["succeeded", "refunded"]);
  });

  it("refuses what is not an event: scalars, empty batches, non-object items, too many events", () => {
    expect(normalizeInbound("PAYMENT_RECEIVED", "s")).toMatchObject({ ok: false });
    expect(normalizeInbound([], "s")).toMatchObject({ ok: false, reason: "the body holds no events" });
    expect(normalizeInbound([{ event: "a" }, 3], "s")).toMatchObject({ ok: false });
    expect(
      normalizeInbound(
        Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, () => ({ event: "a" })),
        "s",
      ),
    ).toMatchObject({ ok: false });
  });
});

describe("status vocabulary", () => {
  it("maps whole phrases first, then the phrase without its object words, then its last meaningful word", () => {
    expect(mapStatus("payment", "APPROVED_BY_RISK_ANALYSIS")).toBe("pending");
    expect(mapStatus("payment", "PAYMENT_REPROVED_BY_RISK_ANALYSIS")).toBe("failed");
    expect(mapStatus("payment", "PAYMENT_CREDIT_CARD_CAPTURE_REFUSED")).toBe("failed");
    expect(mapStatus("verification", "approved")).toBe("approved");
    expect(mapStatus("payment", "approved")).toBe("succeeded");
    expect(mapStatus("payment", "frobnicated")).toBeNull();
    expect(mapStatus("other", "paid")).toBeNull();
  });

  it("combines verification statuses by precedence approved > rejected > review > expired > pending > unknown", () => {
    expect(combineVerification(["approved", "rejected"])).toBe("approved");
    expect(combineVerification(["rejected", "review", "pending"])).toBe("rejected");
    expect(combineVerification(["pending", "expired", "review"])).toBe("review");
    expect(combineVerification(["pending", "expired"])).toBe("expired");
    expect(combineVerification([null, "pending"])).toBe("pending");
    expect(combineVerification([])).toBe("unknown");
  });

  it("combines payment statuses along the lifecycle: a late pending never undoes a settlement", () => {
    expect(combinePayment(["pending", "succeeded"])).toBe("succeeded");
    expect(combinePayment(["succeeded", "pending"])).toBe("succeeded");
    expect(combinePayment(["pending", "succeeded", "refunded"])).toBe("refunded");
    expect(combinePayment(["pending", "updated"])).toBe("updated");
    expect(combinePayment([null])).toBe("unknown");
  });
});

describe("tool-call references and status results", () => {
  it("reads a payment tool's output: its id, status, invoice URL and echoed reference", () => {
    const refs = toolCallReferences(
      "asaas/create_payment",
      { customer: "cus_1", value: 10 },
      { object: "payment", id: "pay_9", status: "PENDING", invoiceUrl: "https://sandbox.asaas.com/i/9", externalReference: "ord-1" },
    );
    expect(refs).toEqual({
      tool_kind: "payment",
      external_reference: "ord-1",
      provider_id: "pay_9",
      payment_id: "pay_9",
      verification_id: null,
      provider_status: "PENDING",
      hosted_url: "https://sandbox.asaas.com/i/9",
    });
  });

  it("reads JSON out of an MCP text block, and prefers the caller's own reference", () => {
    const output = {
      content: [{ type: "text", text: JSON.stringify({ id: "inq_2", status: "pending", inquiry_url: "https://withpersona.com/verify?inquiry-id=inq_2" }) }],
    };
    const refs = toolCallReferences("persona/create_inquiry", { external_reference: "mine" }, output);
    expect(refs).toMatchObject({
      tool_kind: "verification",
      verification_id: "inq_2",
      external_reference: "mine",
      hosted_url: "https://withpersona.com/verify?inquiry-id=inq_2",
    });
    expect(toolCallReferences("notes/create", {}, { ok: true })).toMatchObject({ tool_kind: "other", provider_id: null, provider_status: null });
  });

  const event = (status: string | null, extra: Partial<CorrelatedEvent> = {}): CorrelatedEvent => ({
    event_type: "e",
    received_at: "2026-01-01T00:00:00.000Z",
    provider: "p",
    provider_action: null,
    payment_id: null,
    verification_id: null,
    status,
    hosted_url: null,
    ...extra,
  });
  const call = {
    tool_call_id: "tc_1",
    status: "success" as const,
    idempotency_key: "k",
    tool_kind: "payment" as const,
    provider_status: "PENDING",
    hosted_url: null,
  };

  it("starts a payment at the call's own status and moves with its events; unknown without either", () => {
    expect(paymentStatusResult(call, [])).toMatchObject({ payment_status: "pending", original_status: "PENDING", idempotency_key: "k", events: [] });
    const settled = paymentStatusResult(call, [event("succeeded", { payment_id: "pay_1", provider_action: "received" })]);
    expect(settled.payment_status).toBe("succeeded");
    expect(settled.events).toEqual([
      { event_type: "e", received_at: "2026-01-01T00:00:00.000Z", provider: "p", provider_action: "received", payment_id: "pay_1" },
    ]);
    expect(paymentStatusResult({ ...call, tool_kind: "other", provider_status: null }, [])).toMatchObject({
      payment_status: "unknown",
      original_status: "success",
    });
  });

  it("gives a verification's hosted URL from the call, else the latest event", () => {
    const kyc = { ...call, tool_kind: "verification" as const, provider_status: null };
    const result = verificationStatusResult(kyc, [
      event("pending", { hosted_url: "https://a.example/1" }),
      event("approved", { hosted_url: "https://a.example/2" }),
    ]);
    expect(result).toMatchObject({ verification_status: "approved", hosted_url: "https://a.example/2" });
    expect(verificationStatusResult({ ...kyc, hosted_url: "https://own.example" }, []).hosted_url).toBe("https://own.example");
  });
});
