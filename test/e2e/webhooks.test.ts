// Webhooks against a real local receiver: signed bodies, per-endpoint ordering, the retry schedule
// (5 s after a failure, Retry-After on 429), and the tenant-readable delivery log.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { SendResult } from "../../src/shared/schemas/tools";
import { Webhook, WebhookDeliveryList } from "../../src/shared/schemas/webhooks";
import { api, apiJson } from "../helpers/e2e-api";
import { startReceiver, type Receiver } from "../helpers/receiver";

const SECRET = "whsec_test_0123456789abcdef";
let receiver: Receiver;
let webhookId: string;
/** A delivery's body: the event that happened, in the session it happened in. */
const Delivery = z.object({ sessionId: z.string(), eventId: z.string(), timestamp: z.number(), event: z.looseObject({ type: z.string() }) });

beforeAll(async () => {
  receiver = await startReceiver();
  const hook = await apiJson(Webhook, "POST", "/v1/webhooks", { url: `${receiver.url}/hook`, secret: SECRET, events: ["turn_complete", "session_end"] });
  webhookId = hook.id;
  expect(hook.events).toEqual(["turn_complete", "session_end"]);
});

afterAll(async () => {
  await api("DELETE", `/v1/webhooks/${webhookId}`);
  await receiver.close();
});

function verify(received: { headers: Record<string, string | string[] | undefined>; body: string }) {
  const header = String(received.headers["x-gateway-signature"]);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match, header).not.toBeNull();
  const expected = createHmac("sha256", SECRET).update(`${match?.[1]}.${received.body}`).digest("hex");
  expect(match?.[2]).toBe(expected);
  expect(Math.abs(Date.now() / 1000 - Number(match?.[1]))).toBeLessThan(60);
  return Delivery.parse(JSON.parse(received.body));
}

describe("webhooks", () => {
  it("never returns the secret", async () => {
    const list = await apiJson(z.looseObject({ webhooks: z.array(z.record(z.string(), z.unknown())) }), "GET", "/v1/webhooks");
    expect(JSON.stringify(list)).not.toContain(SECRET);
  });

  it("delivers signed events in order, retrying a failure 5 s later before the next event", async () => {
    receiver.received.length = 0;
    receiver.script.push(503);
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    await apiJson(SendResult, "POST", `/v1/sessions/${session.id}/send`, { message: "hello" }, { accept: "application/json" });
    expect((await api("POST", `/v1/sessions/${session.id}/close`)).status).toBe(204);
    const received = await receiver.waitFor(3, 30_000);
    const bodies = received.map(verify);
    expect(bodies.map((b) => b.event.type)).toEqual(["turn_complete", "turn_complete", "session_end"]);
    expect(bodies[0]?.eventId).toBe(bodies[1]?.eventId);
    expect(bodies.every((b) => b.sessionId === session.id)).toBe(true);
    const gap = (received[1]?.at ?? 0) - (received[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(4_500);
    expect(gap).toBeLessThan(15_000);

    const log = await apiJson(WebhookDeliveryList, "GET", `/v1/webhooks/${webhookId}/deliveries`);
    const forTurn = log.deliveries.filter((d) => d.event_type === "turn_complete").reverse();
    expect(forTurn.slice(0, 2).map((d) => [d.attempt, d.outcome, d.status_code])).toEqual([
      [1, "retrying", 503],
      [2, "delivered", 200],
    ]);
  });

  it("honours Retry-After on 429", async () => {
    receiver.received.length = 0;
    receiver.script.push({ status: 429, headers: { "retry-after": "1" } });
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    await api("POST", `/v1/sessions/${session.id}/close`);
    const received = await receiver.waitFor(2, 20_000);
    const gap = (received[1]?.at ?? 0) - (received[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(4_500);
  });
});
