// Outbound triggers against a real local receiver and a real MCP server: X-CodeSpar-Signature over
// the raw body, the event and server_id filters, and the webhook outbox's retry schedule and log.
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { ToolResult } from "../../src/shared/schemas/tools";
import { ToolCallTriggerData, TriggerCreated, TriggerDelivery, TriggerList } from "../../src/shared/schemas/triggers";
import { WebhookDeliveryList } from "../../src/shared/schemas/webhooks";
import { api, apiJson } from "../helpers/e2e-api";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";
import { startReceiver, type Receiver, type Received } from "../helpers/receiver";

const suffix = Date.now().toString(36);
/** Two registrations of the same MCP server: the filter must tell them apart by id alone. */
const SERVER_A = `trg-a-${suffix}`;
const SERVER_B = `trg-b-${suffix}`;

let receiver: Receiver;
let mcp: LocalMcpServer;
type Created = z.output<typeof TriggerCreated>;
let failedOnA: Created;
let completed: Created;
let ended: Created;
const ours = () => [failedOnA, completed, ended];

beforeAll(async () => {
  receiver = await startReceiver();
  mcp = await startMcpServer();
  for (const id of [SERVER_A, SERVER_B]) {
    await apiJson(z.object({ id: z.string() }), "POST", "/v1/servers", { id, name: `Trigger ${id}`, url: `${mcp.origin}/mcp`, auth_type: "none" });
  }
  const create = (body: Record<string, unknown>) => apiJson(TriggerCreated, "POST", "/v1/triggers", body);
  failedOnA = await create({ name: "A failures", event: "tool_call.failed", server_id: SERVER_A, webhook_url: `${receiver.url}/failed-a` });
  completed = await create({ name: "Every success", event: "tool_call.completed", webhook_url: `${receiver.url}/completed` });
  ended = await create({ name: "Session ended", event: "session.ended", webhook_url: `${receiver.url}/ended` });
});

afterAll(async () => {
  for (const trigger of ours()) await api("DELETE", `/v1/triggers/${trigger.id}`);
  for (const id of [SERVER_A, SERVER_B]) await api("DELETE", `/v1/servers/${id}`);
  await receiver.close();
  await mcp.close();
});

/** Checks the signature the way a receiver should (constant time, over the bytes received), then parses. */
function verify(received: Received, secret: string) {
  const header = String(received.headers["x-codespar-signature"]);
  expect(header).toMatch(/^[0-9a-f]{64}$/);
  const expected = createHmac("sha256", secret).update(received.body).digest("hex");
  const bytes = (hex: string) => new TextEncoder().encode(hex);
  expect(timingSafeEqual(bytes(header), bytes(expected))).toBe(true);
  expect(received.headers["x-gateway-signature"]).toBeUndefined();
  return TriggerDelivery.parse(JSON.parse(received.body));
}

const at = (path: string) => receiver.received.filter((request) => request.path === path);

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`receiver got ${receiver.received.map((r) => r.path).join(", ") || "nothing"}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("triggers", () => {
  it("lists the triggers without their secrets", async () => {
    const res = await api("GET", "/v1/triggers");
    const text = await res.text();
    expect(res.status).toBe(200);
    const listed = TriggerList.parse(JSON.parse(text)).triggers.filter((trigger) => ours().some((t) => t.id === trigger.id));
    expect(listed.map((trigger) => trigger.name)).toEqual(["A failures", "Every success", "Session ended"]);
    for (const trigger of ours()) expect(text).not.toContain(trigger.secret);
  });

  it("delivers signed tool-call events by event and server, and session.ended", async () => {
    receiver.received.length = 0;
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [SERVER_A, SERVER_B] });
    const execute = (tool: string, input: unknown) => apiJson(ToolResult, "POST", `/v1/sessions/${session.id}/execute`, { tool, input });
    expect(await execute(`${SERVER_B}/echo`, { message: "b" })).toMatchObject({ success: true });
    expect(await execute(`${SERVER_A}/echo`, { message: "a" })).toMatchObject({ success: true });
    expect(await execute(`${SERVER_B}/fail`, {})).toMatchObject({ success: false });
    expect(await execute(`${SERVER_A}/fail`, {})).toMatchObject({ success: false });
    expect((await api("POST", `/v1/sessions/${session.id}/close`)).status).toBe(204);
    await waitUntil(() => at("/ended").length === 1 && at("/completed").length === 2 && at("/failed-a").length === 1, 30_000);

    const successes = at("/completed").map((request) => verify(request, completed.secret));
    expect(successes.map((body) => body.event)).toEqual(["tool_call.completed", "tool_call.completed"]);
    const calls = successes.map((body) => ToolCallTriggerData.parse(body.data));
    expect(calls.map((call) => [call.tool_name, call.server_id, call.status])).toEqual([
      [`${SERVER_B}/echo`, SERVER_B, "success"],
      [`${SERVER_A}/echo`, SERVER_A, "success"],
    ]);
    expect(calls[1]).toMatchObject({ input: { message: "a" }, output: { content: [{ type: "text", text: "echo: a" }] }, error_code: null });

    const [failed] = at("/failed-a").map((request) => verify(request, failedOnA.secret));
    expect(failed).toMatchObject({ event: "tool_call.failed", trigger_id: failedOnA.id, session_id: session.id });
    expect(ToolCallTriggerData.parse(failed?.data)).toMatchObject({ tool_name: `${SERVER_A}/fail`, server_id: SERVER_A, status: "error" });

    const [end] = at("/ended").map((request) => verify(request, ended.secret));
    expect(end).toMatchObject({ event: "session.ended", session_id: session.id, data: { reason: "closed" } });
    expect(at("/ended")[0]?.headers["x-codespar-event"]).toBe("session.ended");
    // A secret signs only its own trigger's deliveries.
    expect(
      createHmac("sha256", completed.secret)
        .update(at("/ended")[0]?.body ?? "")
        .digest("hex"),
    ).not.toBe(at("/ended")[0]?.headers["x-codespar-signature"]);
    // Nothing else went out: no failure from server B, no other events.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received).toHaveLength(4);
  });

  it("retries a failed delivery 5 s later with the same signed bytes, and logs each attempt", async () => {
    receiver.received.length = 0;
    receiver.script.push(503);
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    expect((await api("POST", `/v1/sessions/${session.id}/close`)).status).toBe(204);
    const [first, second] = await receiver.waitFor(2, 30_000);
    expect([first?.path, second?.path]).toEqual(["/ended", "/ended"]);
    expect(second?.body).toBe(first?.body);
    expect(second?.headers["x-codespar-signature"]).toBe(first?.headers["x-codespar-signature"]);
    const gap = (second?.at ?? 0) - (first?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(4_500);
    expect(gap).toBeLessThan(15_000);

    const log = await apiJson(WebhookDeliveryList, "GET", `/v1/triggers/${ended.id}/deliveries`);
    const attempts = log.deliveries.filter((row) => row.session_id === session.id).reverse();
    expect(attempts.map((row) => [row.event_type, row.attempt, row.outcome, row.status_code])).toEqual([
      ["session.ended", 1, "retrying", 503],
      ["session.ended", 2, "delivered", 200],
    ]);
  });

  it("stops delivering once the trigger is deleted", async () => {
    const doomed = await apiJson(TriggerCreated, "POST", "/v1/triggers", { name: "Doomed", event: "session.ended", webhook_url: `${receiver.url}/doomed` });
    expect((await api("DELETE", `/v1/triggers/${doomed.id}`)).status).toBe(204);
    receiver.received.length = 0;
    const session = await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [] });
    expect((await api("POST", `/v1/sessions/${session.id}/close`)).status).toBe(204);
    await waitUntil(() => at("/ended").length === 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(at("/doomed")).toEqual([]);
  });
});
