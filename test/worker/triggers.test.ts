// /v1/triggers: the whsec_ secret is in the create answer only, bodies are validated (400), URLs obey
// the destinations rule, another project's trigger is 404, delete stops it; and, in the runtime,
// deliveries leave the session outbox signed X-CodeSpar-Signature, filtered by event and server.
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { sessionObjectName } from "../../src/shared/object-names";
import { Trigger, TriggerCreated, TriggerDelivery, TriggerList, ToolCallTriggerData } from "../../src/shared/schemas/triggers";
import { WebhookDeliveryList } from "../../src/shared/schemas/webhooks";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { call, createTenant, type TestTenant } from "../helpers/worker-api";
import { registerServer } from "../helpers/worker-servers";

const HOOK_URL = "https://hooks.example.com/codespar";
const base = { name: "Payments done", event: "tool_call.completed", webhook_url: HOOK_URL };

const create = (tenant: TestTenant, body: unknown, project?: string) => call(tenant.key, "POST", "/v1/triggers", { body, project });

async function createTrigger(tenant: TestTenant, body: Record<string, unknown> = base) {
  return expectJson(await create(tenant, body), 201, TriggerCreated.strict());
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("trigger registration", () => {
  it("shows the whsec_ secret in the create answer only; list and get never carry it", async () => {
    const tenant = await createTenant();
    const created = await createTrigger(tenant);
    expect(created).toMatchObject({ name: "Payments done", event: "tool_call.completed", webhook_url: HOOK_URL, server_id: null });
    expect(created.id).toMatch(/^trg_[0-9a-f]{16}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    const other = await createTrigger(tenant, { ...base, name: "Second" });
    expect(other.secret).not.toBe(created.secret);

    const listRes = await call(tenant.key, "GET", "/v1/triggers");
    const listText = await listRes.clone().text();
    const list = await expectJson(listRes, 200, TriggerList.extend({ data: z.array(Trigger.strict()), triggers: z.array(Trigger.strict()) }).strict());
    expect(list.triggers).toEqual(list.data);
    const { secret: _secret, ...shown } = created;
    expect(list.triggers).toEqual([shown, expect.objectContaining({ id: other.id, name: "Second" })]);
    expect(listText).not.toContain(created.secret);
    expect(listText).not.toContain("whsec_");

    const getRes = await call(tenant.key, "GET", `/v1/triggers/${created.id}`);
    const getText = await getRes.clone().text();
    expect(await expectJson(getRes, 200, Trigger.strict())).toEqual(shown);
    expect(getText).not.toContain("whsec_");
  });

  it("takes a server_id filter for tool-call events, and null as absent (Python clients)", async () => {
    const tenant = await createTenant();
    expect((await registerServer(tenant.key, { id: "asaas", url: "https://asaas.example.com/mcp" })).status).toBe(201);
    const filtered = await createTrigger(tenant, { ...base, event: "tool_call.failed", server_id: "asaas" });
    expect(filtered).toMatchObject({ event: "tool_call.failed", server_id: "asaas" });
    // The built-in meta tools' server needs no registration.
    expect(await createTrigger(tenant, { ...base, server_id: "codespar" })).toMatchObject({ server_id: "codespar" });
    expect(await createTrigger(tenant, { ...base, event: "session.ended", server_id: null })).toMatchObject({ event: "session.ended", server_id: null });
  });

  it.each([
    ["no name", { event: "turn.completed", webhook_url: HOOK_URL }, "name"],
    ["a blank name", { ...base, name: "   " }, "name"],
    ["a name over 128 characters", { ...base, name: "n".repeat(129) }, "name"],
    ["an unknown event", { ...base, event: "tool_call.done" }, "event"],
    ["a webhook event name", { ...base, event: "turn_complete" }, "event"],
    ["no webhook_url", { name: "x", event: "turn.completed" }, "webhook_url"],
    ["a non-http webhook_url", { ...base, webhook_url: "ftp://hooks.example.com/x" }, "webhook_url"],
    ["text for a webhook_url", { ...base, webhook_url: "not a url" }, "webhook_url"],
    ["a server_id on a session event", { ...base, event: "turn.completed", server_id: "asaas" }, "server_id"],
    ["an empty server_id", { ...base, server_id: "" }, "server_id"],
  ])("refuses %s with 400 validation_failed naming the field, storing nothing", async (_label, body, field) => {
    const tenant = await createTenant();
    const error = await expectError(await create(tenant, body), 400, "validation_failed");
    expect(error.issues?.map((issue) => issue.path)).toContain(field);
    expect(await expectJson(await call(tenant.key, "GET", "/v1/triggers"), 200, TriggerList)).toEqual({ data: [], triggers: [] });
  });

  it.each([
    ["a private address", "http://10.0.0.1/hook"],
    ["link-local metadata", "http://169.254.169.254/latest"],
    ["an internal name", "https://billing.internal/hook"],
    ["loopback (refused outside dev runs)", "http://127.0.0.1:8787/hook"],
  ])("refuses %s as webhook_url with 400 url_not_allowed, as webhooks do", async (_label, url) => {
    const tenant = await createTenant();
    const error = await expectError(await create(tenant, { ...base, webhook_url: url }), 400, "url_not_allowed");
    expect(error.message).toMatch(/^webhook_url: /);
    expect(await expectJson(await call(tenant.key, "GET", "/v1/triggers"), 200, TriggerList)).toEqual({ data: [], triggers: [] });
  });

  it("refuses a server_id that names no server of the project with 404 server_not_found", async () => {
    const tenant = await createTenant();
    const neighbour = await createTenant("Neighbour");
    expect((await registerServer(neighbour.key, { id: "stripe", url: "https://stripe.example.com/mcp" })).status).toBe(201);
    await expectError(await create(tenant, { ...base, server_id: "stripe" }), 404, "server_not_found");
    expect(await expectJson(await call(tenant.key, "GET", "/v1/triggers"), 200, TriggerList)).toEqual({ data: [], triggers: [] });
  });

  it("answers 404 trigger_not_found for another project's trigger, in another organization or the same one", async () => {
    const owner = await createTenant();
    const stranger = await createTenant("Stranger");
    const trigger = await createTrigger(owner);
    const sibling = await expectJson(await call(owner.key, "POST", "/v1/projects", { body: { name: "Sibling" } }), 201, z.object({ id: z.string() }));
    const asSibling = (method: string, path: string) => call(owner.key, method, path, { project: sibling.id });
    for (const caller of [(method: string, path: string) => call(stranger.key, method, path), asSibling]) {
      await expectError(await caller("GET", `/v1/triggers/${trigger.id}`), 404, "trigger_not_found");
      await expectError(await caller("GET", `/v1/triggers/${trigger.id}/deliveries`), 404, "trigger_not_found");
      await expectError(await caller("DELETE", `/v1/triggers/${trigger.id}`), 404, "trigger_not_found");
      expect(await expectJson(await caller("GET", "/v1/triggers"), 200, TriggerList)).toEqual({ data: [], triggers: [] });
    }
    // Still there for its own project.
    expect(await expectJson(await call(owner.key, "GET", `/v1/triggers/${trigger.id}`), 200, Trigger)).toMatchObject({ id: trigger.id });
  });

  it("deletes a trigger: gone from get, list and its log, and a second delete is 404", async () => {
    const tenant = await createTenant();
    const kept = await createTrigger(tenant, { ...base, name: "Kept" });
    const trigger = await createTrigger(tenant);
    expect(await expectJson(await call(tenant.key, "GET", `/v1/triggers/${trigger.id}/deliveries`), 200, WebhookDeliveryList)).toEqual({ deliveries: [] });
    await expectNoContent(await call(tenant.key, "DELETE", `/v1/triggers/${trigger.id}`));
    await expectError(await call(tenant.key, "GET", `/v1/triggers/${trigger.id}`), 404, "trigger_not_found");
    await expectError(await call(tenant.key, "GET", `/v1/triggers/${trigger.id}/deliveries`), 404, "trigger_not_found");
    await expectError(await call(tenant.key, "DELETE", `/v1/triggers/${trigger.id}`), 404, "trigger_not_found");
    const list = await expectJson(await call(tenant.key, "GET", "/v1/triggers"), 200, TriggerList);
    expect(list.triggers.map((t) => t.id)).toEqual([kept.id]);
  });

  it("needs the webhooks scopes: a read-only key lists but cannot create or delete", async () => {
    const tenant = await createTenant();
    const trigger = await createTrigger(tenant);
    const minted = await call(tenant.key, "POST", "/v1/api-keys", { body: { name: "reader", scopes: ["webhooks:read"] } });
    const reader = z.object({ full_key: z.string() }).parse(await minted.json()).full_key;
    expect((await call(reader, "GET", "/v1/triggers")).status).toBe(200);
    await expectError(await call(reader, "POST", "/v1/triggers", { body: base }), 403, "insufficient_scope");
    await expectError(await call(reader, "DELETE", `/v1/triggers/${trigger.id}`), 403, "insufficient_scope");
  });
});

/** Every request the session object sent to HOOK_URL, answered 200; other fetches go through. */
function captureDeliveries() {
  const sent: Array<{ headers: Headers; body: string }> = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(HOOK_URL)) return realFetch(input, init);
    sent.push({ headers: new Headers(init?.headers), body: typeof init?.body === "string" ? init.body : "" });
    return new Response(null, { status: 200 });
  });
  return sent;
}

/** Two tool calls and a close: 1 to the filtered trigger, 2 to the unfiltered one, 1 session_end to the webhook. */
const EXPECTED_REQUESTS = 4;
const WAIT_STEP_MS = 20;

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

async function hmacHex(secret: string, body: string) {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("trigger deliveries (in the runtime)", () => {
  it("sends tool_call.completed for the filtered server only, signed over the raw body; a webhook still gets its own events", async () => {
    const tenant = await createTenant();
    for (const id of ["asaas", "stripe"]) expect((await registerServer(tenant.key, { id, url: `https://${id}.example.com/mcp` })).status).toBe(201);
    const trigger = await createTrigger(tenant, { ...base, server_id: "asaas" });
    const anyServer = await createTrigger(tenant, { ...base, name: "All calls", webhook_url: `${HOOK_URL}/all` });
    const hook = await call(tenant.key, "POST", "/v1/webhooks", { body: { url: `${HOOK_URL}/webhook`, secret: "whsec_webhook_0123456789" } });
    expect(hook.status).toBe(201);
    const sent = captureDeliveries();

    const mocks = { "asaas/create_customer": { id: "cus_1" }, "stripe/create_charge": { id: "ch_1" } };
    const session = await expectJson(
      await call(tenant.key, "POST", "/v1/sessions", { body: { servers: ["asaas", "stripe"], mocks } }),
      201,
      z.object({ id: z.string() }),
    );
    for (const [tool, input] of [
      ["stripe/create_charge", { amount: 100 }],
      ["asaas/create_customer", { name: "Ana" }],
    ] as const) {
      expect((await call(tenant.key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool, input } })).status).toBe(200);
    }
    await expectNoContent(await call(tenant.key, "POST", `/v1/sessions/${session.id}/close`));
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(sessionObjectName(tenant.projectId, session.id)));
    // The runtime fires the outbox's alarm by itself too: drain what is set, then wait for all four requests.
    for (let i = 0; i < 5 && (await runDurableObjectAlarm(stub)); i += 1);
    await waitFor(() => sent.length >= EXPECTED_REQUESTS);
    expect(sent).toHaveLength(EXPECTED_REQUESTS);

    const to = (url: string) =>
      sent.filter((request) => request.headers.get("x-codespar-signature") !== null && request.body.includes(`"trigger_id":"${url}"`));
    const filtered = to(trigger.id);
    expect(filtered).toHaveLength(1);
    const [delivery] = filtered;
    if (!delivery) throw new Error("no delivery");
    expect(delivery.headers.get("x-codespar-signature")).toBe(await hmacHex(trigger.secret, delivery.body));
    expect(delivery.headers.get("x-codespar-event")).toBe("tool_call.completed");
    expect(delivery.headers.get("x-gateway-signature")).toBeNull();
    const body = TriggerDelivery.strict().parse(JSON.parse(delivery.body));
    expect(body).toMatchObject({ event: "tool_call.completed", trigger_id: trigger.id, session_id: session.id });
    expect(ToolCallTriggerData.strict().parse(body.data)).toMatchObject({
      tool_name: "asaas/create_customer",
      server_id: "asaas",
      status: "success",
      input: { name: "Ana" },
      output: { id: "cus_1" },
      error_code: null,
    });

    // Unfiltered: both calls, in log order, each signed with its own trigger's secret.
    const all = to(anyServer.id);
    expect(all.map((request) => ToolCallTriggerData.parse(TriggerDelivery.parse(JSON.parse(request.body)).data).server_id)).toEqual(["stripe", "asaas"]);
    for (const request of all) expect(request.headers.get("x-codespar-signature")).toBe(await hmacHex(anyServer.secret, request.body));

    // The webhook got session_end only (no tool results), signed as before.
    const webhookRequests = sent.filter((request) => request.headers.get("x-gateway-signature") !== null);
    expect(webhookRequests.map((request) => z.object({ event: z.object({ type: z.string() }) }).parse(JSON.parse(request.body)).event.type)).toEqual([
      "session_end",
    ]);
    expect(webhookRequests[0]?.headers.get("x-codespar-signature")).toBeNull();

    const log = await expectJson(await call(tenant.key, "GET", `/v1/triggers/${trigger.id}/deliveries`), 200, WebhookDeliveryList);
    expect(log.deliveries.map((row) => [row.event_type, row.attempt, row.outcome, row.status_code, row.session_id])).toEqual([
      ["tool_call.completed", 1, "delivered", 200, session.id],
    ]);
    expect(log.deliveries[0]?.event_id).toBe(body.event_id);
  });
});
