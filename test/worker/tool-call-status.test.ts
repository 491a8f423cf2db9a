// Async tool-call status: a test-mode payment call followed over its SSE status stream while a signed
// provider webhook settles it; verification precedence; `unknown` when nothing correlates; another
// project's call is 404; inbound webhooks refuse bad signatures, servers without a secret and
// server/connection pairs that do not belong together; every logged call carries its idempotency key.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hmacSha256Hex } from "../../src/lib/inbound-signature";
import { InboundWebhookReply, PaymentStatusResult, VerificationStatusResult } from "../../src/shared/schemas/tool-status";
import { ToolCallLogs, ToolResult } from "../../src/shared/schemas/tools";
import { FrameReader } from "../helpers/sse-frames";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createTenant, type TestTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";

const SECRET = "whsec_provider_test_0123456789";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A project with `server` registered (with a webhook secret unless told otherwise) and one user's connection to it. */
async function providerProject(server: string, options: { secret?: string | null; tenant?: TestTenant } = {}) {
  const tenant = options.tenant ?? (await createTenant());
  const secret = options.secret === undefined ? SECRET : options.secret;
  const registration = { id: server, url: `https://${server}.example.com/mcp`, auth_type: "api_key", ...(secret ? { webhook_secret: secret } : {}) };
  await expectJson(await registerServer(tenant.key, registration), 201, z.unknown());
  const connection = await expectJson(
    await call(tenant.key, "POST", "/v1/connections", { body: { server_id: server, secret: "k", user_id: "buyer-1" } }),
    201,
    z.object({ id: z.string() }),
  );
  return { tenant, connectionId: connection.id };
}

async function mockedCall(key: string, tool: string, output: unknown, input: unknown = {}) {
  const server = tool.split("/")[0] ?? tool;
  const session = await expectJson(
    await call(key, "POST", "/v1/sessions", { body: { servers: [server], mocks: { [tool]: output } } }),
    201,
    z.object({ id: z.string() }),
  );
  const result = await expectJson(await call(key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool, input } }), 200, ToolResult);
  const logs = await expectJson(await call(key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs);
  const row = logs.data.find((entry) => entry.id === result.tool_call_id);
  if (!row?.idempotency_key) throw new Error("the call's log row has no idempotency key");
  return { id: result.tool_call_id, key: row.idempotency_key, sessionId: session.id };
}

async function deliver(server: string, connectionId: string, body: unknown, signature?: string) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return SELF.fetch(`http://gateway.test/v1/webhooks/inbound/${server}/${connectionId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-webhook-signature": signature ?? `sha256=${await hmacSha256Hex(SECRET, raw)}` },
    body: raw,
  });
}

const paymentStatus = (key: string, id: string) => call(key, "GET", `/v1/tool-calls/${id}/payment-status`);
const verificationStatus = (key: string, id: string) => call(key, "GET", `/v1/tool-calls/${id}/verification-status`);
const openStream = (key: string, id: string, kind: "payment" | "verification") =>
  call(key, "GET", `/v1/tool-calls/${id}/${kind}-status/stream`, { headers: { accept: "text/event-stream" } });

describe("payment status", () => {
  it("streams pending, then succeeded when a signed webhook settles the payment, then done 5 s later", async () => {
    const { tenant, connectionId } = await providerProject("asaas");
    const payment = await mockedCall(tenant.key, "asaas/create_payment", { object: "payment", id: "pay_080225913252", status: "PENDING" }, { value: 49.9 });
    expect(payment.key).toMatch(UUID);

    const stream = new FrameReader(await openStream(tenant.key, payment.id, "payment"));
    const snapshot = await stream.nextEvent();
    expect(snapshot?.event).toBe("snapshot");
    expect(PaymentStatusResult.strict().parse(snapshot?.data)).toEqual({
      tool_call_id: payment.id,
      payment_status: "pending",
      idempotency_key: payment.key,
      original_status: "PENDING",
      events: [],
    });
    expect(await stream.quietFor(1_500)).toBe(true);

    const webhook = {
      id: "evt_1",
      event: "PAYMENT_RECEIVED",
      payment: { object: "payment", id: "pay_080225913252", status: "RECEIVED", externalReference: payment.key },
    };
    const reply = await expectJson(await deliver("asaas", connectionId, webhook), 200, InboundWebhookReply.strict());
    expect(reply).toMatchObject({
      received: 1,
      events: [{ event_type: "PAYMENT_RECEIVED", kind: "payment", status: "succeeded", duplicate: false, tool_call_ids: [payment.id] }],
    });

    const update = await stream.nextEvent(5_000);
    expect(update?.event).toBe("update");
    const settled = PaymentStatusResult.strict().parse(update?.data);
    expect(settled).toMatchObject({ payment_status: "succeeded", idempotency_key: payment.key, original_status: "PENDING" });
    expect(settled.events).toHaveLength(1);
    expect(settled.events[0]).toMatchObject({ event_type: "PAYMENT_RECEIVED", provider: "asaas", provider_action: "received", payment_id: "pay_080225913252" });
    expect(Date.parse(settled.events[0]?.received_at ?? "")).not.toBeNaN();

    const done = await stream.nextEvent(9_000);
    expect(done?.event).toBe("done");
    expect(done?.data).toEqual(settled);
    expect((done?.atMs ?? 0) - (update?.atMs ?? 0)).toBeGreaterThanOrEqual(4_000);
    expect(await stream.next(3_000)).toBeNull();

    // The same delivery again is stored once.
    const again = await expectJson(await deliver("asaas", connectionId, webhook), 200, InboundWebhookReply);
    expect(again.events[0]).toMatchObject({ duplicate: true, id: reply.events[0]?.id });
    const polled = await expectJson(await paymentStatus(tenant.key, payment.id), 200, PaymentStatusResult.strict());
    expect(polled).toEqual(settled);
  }, 30_000);

  it("correlates by the idempotency key a webhook carries, and by the provider's payment id on the same server", async () => {
    const { tenant, connectionId } = await providerProject("stripe");
    const byKey = await mockedCall(tenant.key, "stripe/create_payment_intent", { id: "pi_1", object: "payment_intent", status: "requires_payment_method" });
    const byId = await mockedCall(tenant.key, "stripe/create_payment_intent", { id: "pi_2", object: "payment_intent", status: "processing" });
    await expectJson(
      await deliver("stripe", connectionId, {
        id: "evt_a",
        type: "payment_intent.payment_failed",
        data: { object: { id: "pi_other", metadata: { idempotency_key: byKey.key } } },
      }),
      200,
      z.unknown(),
    );
    await expectJson(
      await deliver("stripe", connectionId, { id: "evt_b", type: "charge.refunded", data: { object: { id: "ch_1", payment_intent: "pi_2" } } }),
      200,
      z.unknown(),
    );
    expect(await expectJson(await paymentStatus(tenant.key, byKey.id), 200, PaymentStatusResult)).toMatchObject({ payment_status: "failed" });
    expect(await expectJson(await paymentStatus(tenant.key, byId.id), 200, PaymentStatusResult)).toMatchObject({ payment_status: "refunded" });
  });

  it("is unknown when nothing correlates, and answers the JSON status when the stream is asked for without SSE", async () => {
    const { tenant, connectionId } = await providerProject("asaas");
    const customer = await mockedCall(tenant.key, "asaas/create_customer", { id: "cus_1", name: "Ana" });
    await expectJson(
      await deliver("asaas", connectionId, { event: "PAYMENT_RECEIVED", payment: { id: "pay_unrelated", externalReference: "someone-else" } }),
      200,
      z.unknown(),
    );
    const status = await expectJson(await paymentStatus(tenant.key, customer.id), 200, PaymentStatusResult.strict());
    expect(status).toEqual({ tool_call_id: customer.id, payment_status: "unknown", idempotency_key: customer.key, original_status: "success", events: [] });
    expect(await expectJson(await call(tenant.key, "GET", `/v1/tool-calls/${customer.id}/payment-status/stream`), 200, PaymentStatusResult)).toEqual(status);
  });
});

describe("verification status", () => {
  it("takes approved over rejected over review, keeps every event, and shows the hosted URL from the call", async () => {
    const { tenant, connectionId } = await providerProject("persona");
    const hostedUrl = "https://withpersona.com/verify?inquiry-id=inq_1";
    const kyc = await mockedCall(tenant.key, "persona/create_inquiry", { id: "inq_1", status: "pending", inquiry_url: hostedUrl });
    const first = await expectJson(await verificationStatus(tenant.key, kyc.id), 200, VerificationStatusResult.strict());
    expect(first).toEqual({
      tool_call_id: kyc.id,
      verification_status: "pending",
      idempotency_key: kyc.key,
      original_status: "pending",
      hosted_url: hostedUrl,
      events: [],
    });

    const persona = (id: string, name: string) => ({
      data: { type: "event", id, attributes: { name, payload: { data: { type: "inquiry", id: "inq_1", attributes: {} } } } },
    });
    const steps: Array<[string, string]> = [
      ["evt_1", "inquiry.marked-for-review"],
      ["evt_2", "inquiry.approved"],
      ["evt_3", "inquiry.declined"],
    ];
    const expected = ["review", "approved", "approved"];
    for (const [i, [id, name]] of steps.entries()) {
      await expectJson(await deliver("persona", connectionId, persona(id, name)), 200, z.unknown());
      const status = await expectJson(await verificationStatus(tenant.key, kyc.id), 200, VerificationStatusResult.strict());
      expect(status.verification_status, name).toBe(expected[i]);
    }
    const last = await expectJson(await verificationStatus(tenant.key, kyc.id), 200, VerificationStatusResult.strict());
    expect(last.events.map((event) => [event.event_type, event.verification_id, event.provider])).toEqual([
      ["inquiry.marked-for-review", "inq_1", "persona"],
      ["inquiry.approved", "inq_1", "persona"],
      ["inquiry.declined", "inq_1", "persona"],
    ]);
    // A verification is not a payment.
    expect(await expectJson(await paymentStatus(tenant.key, kyc.id), 200, PaymentStatusResult)).toMatchObject({ payment_status: "unknown", events: [] });

    // Terminal already: the stream's snapshot is followed by done, 5 s later.
    const stream = new FrameReader(await openStream(tenant.key, kyc.id, "verification"));
    expect(await stream.nextEvent()).toMatchObject({ event: "snapshot", data: last });
    expect(await stream.nextEvent(9_000)).toMatchObject({ event: "done", data: last });
    expect(await stream.next(3_000)).toBeNull();
  }, 30_000);
});

describe("tool-call status access", () => {
  it("answers 404 tool_call_not_found for another project's call and for ids that do not exist", async () => {
    const { tenant } = await providerProject("asaas");
    const payment = await mockedCall(tenant.key, "asaas/create_payment", { id: "pay_1", status: "PENDING" });
    const other = await createTenant("Other");
    await expectError(await paymentStatus(other.key, payment.id), 404, "tool_call_not_found");
    await expectError(await verificationStatus(other.key, payment.id), 404, "tool_call_not_found");
    await expectError(await openStream(other.key, payment.id, "payment"), 404, "tool_call_not_found");
    await expectError(await paymentStatus(tenant.key, "tc_doesnotexist00000"), 404, "tool_call_not_found");
    await expectError(await paymentStatus("csk_test_nope", payment.id), 401, "unauthorized");
  });

  it("records a fresh idempotency key on every logged call", async () => {
    const tenant = await createTenant();
    const session = await expectJson(
      await call(tenant.key, "POST", "/v1/sessions", { body: { servers: ["asaas"], mocks: { "asaas/create_payment": { id: "pay_1" } } } }),
      201,
      z.object({ id: z.string() }),
    );
    for (let i = 0; i < 2; i += 1) await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool: "asaas/create_payment", input: {} } });
    await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool: "codespar_list_tools", input: {} } });
    const logs = await expectJson(await call(tenant.key, "GET", `/v1/sessions/${session.id}/logs`), 200, ToolCallLogs.strict());
    const keys = logs.data.map((row) => row.idempotency_key);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(UUID);
    expect(new Set(keys).size).toBe(3);
  });
});

describe("inbound webhooks", () => {
  const event = { event: "PAYMENT_RECEIVED", payment: { id: "pay_1", status: "RECEIVED" } };

  it("needs no API key but a valid signature: sha256=<hex> or bare hex over the raw body", async () => {
    const { connectionId } = await providerProject("asaas");
    const raw = JSON.stringify(event);
    const hex = await hmacSha256Hex(SECRET, raw);
    await expectJson(await deliver("asaas", connectionId, raw, hex.toUpperCase()), 200, InboundWebhookReply);
    await expectError(await deliver("asaas", connectionId, raw, "sha256=" + "0".repeat(64)), 401, "webhook_signature_invalid");
    await expectError(
      await deliver("asaas", connectionId, raw, `sha256=${await hmacSha256Hex("another-secret-0123456789", raw)}`),
      401,
      "webhook_signature_invalid",
    );
    await expectError(await deliver("asaas", connectionId, `${raw} `, `sha256=${hex}`), 401, "webhook_signature_invalid");
    await expectError(await deliver("asaas", connectionId, raw, "garbage"), 401, "webhook_signature_invalid");
    const unsigned = await SELF.fetch(`http://gateway.test/v1/webhooks/inbound/asaas/${connectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: raw,
    });
    await expectError(unsigned, 401, "webhook_signature_invalid");
  });

  it("refuses a server without a webhook secret with 401", async () => {
    const { connectionId } = await providerProject("nosecret", { secret: null });
    await expectError(await deliver("nosecret", connectionId, event), 401, "webhook_secret_not_configured");
  });

  it("answers 404 for an unknown connection, an unknown server, and a connection of another server", async () => {
    const { tenant, connectionId } = await providerProject("asaas");
    const other = await providerProject("stripe", { tenant });
    await expectError(await deliver("asaas", "ca_doesnotexist", event), 404, "webhook_endpoint_not_found");
    await expectError(await deliver("nothere", connectionId, event), 404, "webhook_endpoint_not_found");
    await expectError(await deliver("stripe", connectionId, event), 404, "webhook_endpoint_not_found");
    await expectError(await deliver("asaas", other.connectionId, event), 404, "webhook_endpoint_not_found");
    await expectError(await deliver("Not_A_Server", connectionId, event), 404, "webhook_endpoint_not_found");
    // A deleted server's connections receive nothing either.
    expect((await call(tenant.key, "DELETE", "/v1/servers/stripe")).status).toBe(204);
    await expectError(await deliver("stripe", other.connectionId, event), 404, "webhook_endpoint_not_found");
  });

  it("refuses a signed body that is not JSON or holds no events with 400", async () => {
    const { connectionId } = await providerProject("asaas");
    await expectError(await deliver("asaas", connectionId, "{not json"), 400, "invalid_json");
    await expectError(await deliver("asaas", connectionId, "[]"), 400, "validation_failed");
    await expectError(await deliver("asaas", connectionId, '"PAYMENT_RECEIVED"'), 400, "validation_failed");
  });
});
