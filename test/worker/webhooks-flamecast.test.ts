// Flamecast-signed webhooks (`signature: "flamecast"`): @flamecast/protocol's WebhookPayload with its
// event names (end_turn for a finished turn), X-Flamecast-Signature verified by a receiver that
// re-implements the seed's verifyWebhookSignature; a gateway endpoint beside keeps X-Gateway-Signature,
// retries resend the same signed bytes, and a bad `signature` is a 400.
import { runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { WebhookDirectory } from "../../durable-objects/session/ports";
import { flamecastDelivery } from "../../durable-objects/session/webhook-flamecast";
import { WebhookOutbox } from "../../durable-objects/session/webhook-outbox";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { LeaseGrant } from "../../src/shared/schemas/agent";
import type { StoredEvent } from "../../src/shared/schemas/events";
import { Webhook, WebhookDeliveryList, WebhookList, type WebhookSignature } from "../../src/shared/schemas/webhooks";
import { receiveDeliveries, verifyFlamecastSignature, verifyGatewaySignature, type Delivery, type DeliveryReceiver } from "../helpers/flamecast-receiver";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createSession, createTenant, type TestTenant } from "../helpers/worker-api";
import { readLog, sessionObject } from "../helpers/worker-log";
import { withFreshStorage } from "../helpers/worker-objects";

const HOOKS = "https://hooks.example.com";
const FLAMECAST_URL = `${HOOKS}/flamecast`;
const GATEWAY_URL = `${HOOKS}/gateway`;
const FLAMECAST_SECRET = "whsec_flamecast_0123456789";
const GATEWAY_SECRET = "whsec_gateway_0123456789ab";

/** @flamecast/protocol's WebhookPayload, field for field, and nothing else around `data`. */
const FlamecastPayload = z
  .object({
    sessionId: z.string(),
    eventId: z.string(),
    timestamp: z.iso.datetime(),
    event: z.object({ type: z.enum(["permission_request", "end_turn", "error", "session_end"]), data: z.record(z.string(), z.unknown()) }).strict(),
  })
  .strict();
/** The seed's per-event data (its session host's callback shapes); the gateway may add fields beside them. */
const EndTurnData = z.looseObject({ promptResponse: z.object({ stopReason: z.literal("end_turn") }).strict() });
const PermissionRequestData = z.looseObject({
  requestId: z.string(),
  toolCallId: z.string(),
  title: z.string(),
  kind: z.string().optional(),
  options: z.array(z.object({ optionId: z.string(), name: z.string(), kind: z.string() }).strict()),
});
const SessionEndData = z.looseObject({ exitCode: z.number().nullable() });
const ErrorData = z.looseObject({ message: z.string() });

async function register(tenant: TestTenant, body: Record<string, unknown>) {
  return expectJson(await call(tenant.key, "POST", "/v1/webhooks", { body }), 201, Webhook.strict());
}

/** Verifies a Flamecast delivery with the seed's algorithm (and not with any other secret), then parses its payload. */
async function verified(delivery: Delivery | undefined) {
  if (!delivery) throw new Error("no delivery");
  const signature = delivery.headers.get("x-flamecast-signature") ?? "";
  expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(await verifyFlamecastSignature(FLAMECAST_SECRET, delivery.body, signature)).toBe(true);
  expect(await verifyFlamecastSignature(GATEWAY_SECRET, delivery.body, signature)).toBe(false);
  expect(await verifyFlamecastSignature(FLAMECAST_SECRET, `${delivery.body} `, signature)).toBe(false);
  expect(delivery.headers.get("x-gateway-signature")).toBeNull();
  expect(delivery.headers.get("content-type")).toBe("application/json");
  return FlamecastPayload.parse(JSON.parse(delivery.body));
}

/** Runs the session's alarm while one is set (the runtime fires it by itself too), then waits for `count` requests. */
async function drain(tenant: TestTenant, sessionId: string, receiver: DeliveryReceiver, count: number) {
  const stub = sessionObject(tenant.projectId, sessionId);
  for (let i = 0; i < 5 && (await runDurableObjectAlarm(stub)); i += 1);
  await receiver.waitFor(count);
  expect(receiver.received).toHaveLength(count);
}

async function deliveryLog(tenant: TestTenant, webhookId: string) {
  const log = await expectJson(await call(tenant.key, "GET", `/v1/webhooks/${webhookId}/deliveries`), 200, WebhookDeliveryList);
  return log.deliveries.map((row) => [row.event_type, row.attempt, row.outcome, row.status_code]).reverse();
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("flamecast webhook registration", () => {
  it("defaults signature to gateway, returns it in create and list, and never the secret", async () => {
    const tenant = await createTenant();
    const plain = await register(tenant, { url: GATEWAY_URL, secret: GATEWAY_SECRET });
    expect(plain.signature).toBe("gateway");
    const flamecast = await register(tenant, { url: FLAMECAST_URL, secret: FLAMECAST_SECRET, signature: "flamecast" });
    expect(flamecast).toMatchObject({ url: FLAMECAST_URL, signature: "flamecast", events: ["permission_request", "turn_complete", "error", "session_end"] });
    const listRes = await call(tenant.key, "GET", "/v1/webhooks");
    const text = await listRes.clone().text();
    const list = await expectJson(listRes, 200, WebhookList.extend({ webhooks: z.array(Webhook.strict()) }).strict());
    expect(list.webhooks.map((hook) => [hook.id, hook.signature])).toEqual([
      [plain.id, "gateway"],
      [flamecast.id, "flamecast"],
    ]);
    expect(text).not.toContain(FLAMECAST_SECRET);
    expect(text).not.toContain(GATEWAY_SECRET);
  });

  it("takes the seed's end_turn as turn_complete, once", async () => {
    const tenant = await createTenant();
    const hook = await register(tenant, {
      url: FLAMECAST_URL,
      secret: FLAMECAST_SECRET,
      signature: "flamecast",
      events: ["end_turn", "session_end", "turn_complete"],
    });
    expect(hook.events).toEqual(["turn_complete", "session_end"]);
  });

  it.each([
    ["an unknown signature", { signature: "hmac" }, "signature"],
    ["a signature of the wrong type", { signature: true }, "signature"],
    ["an event neither side names", { signature: "flamecast", events: ["agent_message"] }, "events"],
  ])("refuses %s with 400 validation_failed and stores nothing", async (_label, extra, field) => {
    const tenant = await createTenant();
    const res = await call(tenant.key, "POST", "/v1/webhooks", { body: { url: FLAMECAST_URL, secret: FLAMECAST_SECRET, ...extra } });
    const body = await expectError(res, 400, "validation_failed");
    expect(Object.keys(body).sort()).toEqual(["code", "error", "issues", "message"]);
    expect(body.issues?.map((issue) => issue.path.split(".")[0])).toContain(field);
    expect(await expectJson(await call(tenant.key, "GET", "/v1/webhooks"), 200, WebhookList)).toEqual({ webhooks: [] });
  });

  it("sends nothing to a flamecast endpoint for an event Flamecast has no name for", () => {
    const toolResult = { v: 1, type: "tool_result", ts: 0, offset: "0000000000000007", callId: "c1", output: null, isError: false } as const;
    expect(flamecastDelivery("ses_1", toolResult)).toBeNull();
  });
});

describe("flamecast webhook deliveries (in the runtime)", () => {
  it("sends end_turn and session_end for a managed turn, verifiable with the seed's algorithm; a gateway endpoint beside keeps X-Gateway-Signature", async () => {
    const tenant = await createTenant();
    const flamecast = await register(tenant, { url: FLAMECAST_URL, secret: FLAMECAST_SECRET, signature: "flamecast" });
    const gateway = await register(tenant, { url: GATEWAY_URL, secret: GATEWAY_SECRET, events: ["turn_complete", "session_end"] });
    const receiver = receiveDeliveries(HOOKS);
    const session = await createSession(tenant.key);
    expect((await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello" } })).status).toBe(200);
    await expectNoContent(await call(tenant.key, "POST", `/v1/sessions/${session.id}/close`));
    await drain(tenant, session.id, receiver, 4);

    const log = await readLog(tenant.projectId, session.id);
    const offsetOf = (type: string) => log.find((event) => event.type === type)?.offset;
    const turn = log.find((event) => event.type === "turn_complete");
    const [endTurn, sessionEnd] = await Promise.all(receiver.to(FLAMECAST_URL).map(verified));
    expect(endTurn).toMatchObject({ sessionId: session.id, eventId: offsetOf("turn_complete"), event: { type: "end_turn" } });
    expect(endTurn?.timestamp).toBe(new Date(turn?.ts ?? 0).toISOString());
    expect(EndTurnData.parse(endTurn?.event.data)).toMatchObject({ promptResponse: { stopReason: "end_turn" }, success: true });
    expect(sessionEnd).toMatchObject({ sessionId: session.id, eventId: offsetOf("session_end"), event: { type: "session_end" } });
    expect(SessionEndData.parse(sessionEnd?.event.data)).toEqual({ exitCode: null, reason: "closed" });

    // The gateway-signed endpoint in the same project: its own header and body, no Flamecast signature.
    const gatewayDeliveries = receiver.to(GATEWAY_URL);
    for (const delivery of gatewayDeliveries) {
      expect(await verifyGatewaySignature(GATEWAY_SECRET, delivery.body, delivery.headers.get("x-gateway-signature") ?? "")).toBe(true);
      expect(delivery.headers.get("x-flamecast-signature")).toBeNull();
    }
    const gatewayBodies = gatewayDeliveries.map((delivery) =>
      z.looseObject({ eventId: z.string(), event: z.looseObject({ type: z.string() }) }).parse(JSON.parse(delivery.body)),
    );
    expect(gatewayBodies.map((body) => [body.event.type, body.eventId])).toEqual([
      ["turn_complete", endTurn?.eventId],
      ["session_end", sessionEnd?.eventId],
    ]);

    // The delivery log names what each endpoint was sent.
    expect(await deliveryLog(tenant, flamecast.id)).toEqual([
      ["end_turn", 1, "delivered", 200],
      ["session_end", 1, "delivered", 200],
    ]);
    expect(await deliveryLog(tenant, gateway.id)).toEqual([
      ["turn_complete", 1, "delivered", 200],
      ["session_end", 1, "delivered", 200],
    ]);
  });

  it("sends permission_request, error and end_turn for an external agent's turn, in log order, only the kinds subscribed", async () => {
    const tenant = await createTenant();
    await register(tenant, { url: FLAMECAST_URL, secret: FLAMECAST_SECRET, signature: "flamecast", events: ["permission_request", "error", "end_turn"] });
    const receiver = receiveDeliveries(HOOKS);
    const session = await createSession(tenant.key, { servers: [], runtime: { type: "external" } });
    const base = `/v1/sessions/${session.id}`;
    await call(tenant.key, "POST", `${base}/prompts`, { body: { text: "deploy", promptId: "p1" } });
    const lease = await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: {} }), 200, LeaseGrant);
    const options = [
      { optionId: "once", name: "Allow once", kind: "allow_once" },
      { optionId: "no", name: "Deny", kind: "reject_once" },
    ];
    const events = [
      { type: "permission_request", requestId: "perm-1", tool: "terminal", input: { command: "npm run deploy" }, options },
      { type: "error", code: "tool_failed", message: "deploy script exited 1", retryable: true },
    ];
    expect((await call(tenant.key, "POST", `${base}/agent/events`, { body: events })).status).toBe(200);
    expect((await call(tenant.key, "POST", `${base}/agent/complete`, { body: { leaseId: lease.leaseId, success: true } })).status).toBe(200);
    await expectNoContent(await call(tenant.key, "POST", `${base}/close`));
    await drain(tenant, session.id, receiver, 3);

    const [permission, error, endTurn] = await Promise.all(receiver.received.map(verified));
    expect([permission, error, endTurn].map((payload) => payload?.event.type)).toEqual(["permission_request", "error", "end_turn"]);
    expect(new Set([permission, error, endTurn].map((payload) => payload?.sessionId))).toEqual(new Set([session.id]));
    expect(PermissionRequestData.parse(permission?.event.data)).toEqual({
      requestId: "perm-1",
      toolCallId: "perm-1",
      title: "terminal",
      options,
      tool: "terminal",
      input: { command: "npm run deploy" },
    });
    expect(ErrorData.parse(error?.event.data)).toEqual({ message: "deploy script exited 1", code: "tool_failed", retryable: true });
    expect(EndTurnData.parse(endTurn?.event.data)).toMatchObject({ promptResponse: { stopReason: "end_turn" }, promptId: "p1", success: true });
  });

  it("retries a delivery answered 500 with the same bytes and a signature that still verifies", async () => {
    const tenant = await createTenant();
    const hook = await register(tenant, { url: FLAMECAST_URL, secret: FLAMECAST_SECRET, signature: "flamecast", events: ["turn_complete"] });
    const receiver = receiveDeliveries(HOOKS);
    receiver.script.push(500);
    const session = await createSession(tenant.key);
    expect((await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message: "hello" } })).status).toBe(200);
    await drain(tenant, session.id, receiver, 1);
    // The failure is recorded before the log row is written: then move the 5 s retry to now rather than sleep.
    await expect.poll(() => deliveryLog(tenant, hook.id)).toEqual([["end_turn", 1, "retrying", 500]]);
    const stub = sessionObject(tenant.projectId, session.id);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE webhook_queue SET next_attempt_at = 0 WHERE status = 'pending'");
    });
    await drain(tenant, session.id, receiver, 2);

    const [first, retry] = receiver.received;
    expect(retry?.body).toBe(first?.body);
    expect(retry?.headers.get("x-flamecast-signature")).toBe(first?.headers.get("x-flamecast-signature"));
    const payloads = await Promise.all([first, retry].map(verified));
    expect(payloads.map((payload) => payload.event.type)).toEqual(["end_turn", "end_turn"]);
    expect(await deliveryLog(tenant, hook.id)).toEqual([
      ["end_turn", 1, "retrying", 500],
      ["end_turn", 2, "delivered", 200],
    ]);
  });
});

describe("the outbox and a webhook's signature", () => {
  const turn = (seq: number): StoredEvent => ({ v: 1, type: "turn_complete", ts: Date.now(), offset: formatOffset(seq), success: true });

  it("sends a queued delivery as it was queued: a retry stays flamecast-signed when the endpoint reads gateway by then", async () => {
    await withFreshStorage(async (storage) => {
      let signature: WebhookSignature = "flamecast";
      const directory: WebhookDirectory = {
        targets: async () => [
          {
            kind: "webhook",
            id: "whk_1",
            url: FLAMECAST_URL,
            events: ["turn_complete"],
            signature,
            created_at: "2026-11-22T10:00:00.000Z",
            secret: FLAMECAST_SECRET,
          },
        ],
        logDelivery: async () => {},
      };
      const outbox = new WebhookOutbox(storage, directory, false);
      const receiver = receiveDeliveries(HOOKS);
      receiver.script.push(500);
      outbox.capture([turn(1)]);
      await outbox.run({ id: "ses_1", projectId: "prj_1" });
      signature = "gateway";
      outbox.capture([turn(2)]);
      // Past the 5 s retry: the first event is retried, then the second, queued under the new signature, goes out.
      await outbox.run({ id: "ses_1", projectId: "prj_1" }, Date.now() + 60_000);

      const [first, retry, later] = receiver.received;
      expect(receiver.received).toHaveLength(3);
      expect(retry?.body).toBe(first?.body);
      expect((await verified(retry)).event.type).toBe("end_turn");
      expect(later?.headers.get("x-flamecast-signature")).toBeNull();
      expect(await verifyGatewaySignature(FLAMECAST_SECRET, later?.body ?? "", later?.headers.get("x-gateway-signature") ?? "")).toBe(true);
    });
  });
});

describe("the OpenAPI description", () => {
  it("documents signature on WebhookCreate (default gateway) and on Webhook, and end_turn among the events taken", async () => {
    const res = await SELF.fetch("http://gateway.test/openapi.json");
    const Property = z.looseObject({
      enum: z.array(z.string()).optional(),
      default: z.unknown().optional(),
      items: z.looseObject({ enum: z.array(z.string()) }).optional(),
    });
    const ObjectSchema = z.looseObject({ properties: z.record(z.string(), Property), required: z.array(z.string()) });
    const doc = z
      .looseObject({ components: z.looseObject({ schemas: z.looseObject({ WebhookCreate: ObjectSchema, Webhook: ObjectSchema }) }) })
      .parse(await res.json());
    const { WebhookCreate, Webhook: Shown } = doc.components.schemas;
    expect(WebhookCreate.properties.signature).toMatchObject({ enum: ["gateway", "flamecast"], default: "gateway" });
    expect(WebhookCreate.required).not.toContain("signature");
    expect(WebhookCreate.properties.events?.items?.enum).toEqual(["permission_request", "turn_complete", "error", "session_end", "end_turn"]);
    expect(Shown.properties.signature?.enum).toEqual(["gateway", "flamecast"]);
    expect(Shown.required).toContain("signature");
    expect(Object.keys(Shown.properties)).not.toContain("secret");
  });
});
