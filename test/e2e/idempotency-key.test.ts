// Idempotency keys against a real MCP server (official SDK over Streamable HTTP): a tool whose input
// schema has idempotency_key and external_reference receives the call's key in each field the caller
// left empty, the log row shows the same key, and a signed provider webhook carrying it settles the
// call's payment status.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { PaymentStatusResult } from "../../src/shared/schemas/tool-status";
import { ToolCallLogs, ToolResult } from "../../src/shared/schemas/tools";
import { api, apiJson, baseUrl } from "../helpers/e2e-api";
import { startMcpServer, type LocalMcpServer } from "../helpers/e2e-mcp-server";

const SECRET = "whsec_e2e_idempotency_0123456789";
const ID = `pay-${Date.now().toString(36)}`;
const USER = "e2e-buyer";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const Payment = z.object({ id: z.string(), status: z.string(), amount: z.number(), idempotency_key: z.string(), external_reference: z.string() });

let mcp: LocalMcpServer;
let connectionId: string;
let sessionId: string;

/** The arguments of each tools/call the MCP server received. */
function toolCallArguments(): unknown[] {
  return mcp.requests
    .map((request): unknown => (request.body ? JSON.parse(request.body) : null))
    .map((body) => z.object({ method: z.literal("tools/call"), params: z.object({ arguments: z.unknown() }) }).safeParse(body))
    .flatMap((parsed) => (parsed.success ? [parsed.data.params.arguments] : []));
}

beforeAll(async () => {
  mcp = await startMcpServer({ payments: true });
  await apiJson(z.unknown(), "POST", "/v1/servers", { id: ID, name: "E2E payments", url: `${mcp.origin}/mcp`, auth_type: "api_key", webhook_secret: SECRET });
  connectionId = (await apiJson(z.object({ id: z.string() }), "POST", "/v1/connections", { server_id: ID, secret: "buyer-key", user_id: USER })).id;
  sessionId = (await apiJson(SessionRow, "POST", "/v1/sessions", { servers: [ID], user_id: USER })).id;
});

afterAll(async () => {
  await api("DELETE", `/v1/servers/${ID}`);
  await mcp.close();
});

describe("idempotency keys on server tools", () => {
  it("passes the call's key in the fields the caller left empty, and shows it on the log row", async () => {
    const result = await apiJson(ToolResult, "POST", `/v1/sessions/${sessionId}/execute`, { tool: `${ID}/create_payment`, input: { amount: 10 } });
    expect(result.success, JSON.stringify(result)).toBe(true);
    const created = Payment.parse(result.data);
    expect(created.idempotency_key).toMatch(UUID);
    expect(created.external_reference).toBe(created.idempotency_key);
    expect(toolCallArguments().at(-1)).toEqual({ amount: 10, idempotency_key: created.idempotency_key, external_reference: created.idempotency_key });

    const logs = await apiJson(ToolCallLogs, "GET", `/v1/sessions/${sessionId}/logs`);
    const row = logs.data.find((entry) => entry.id === result.tool_call_id);
    expect(row?.idempotency_key).toBe(created.idempotency_key);
    // The recorded input is the caller's own.
    expect(row?.input).toEqual({ amount: 10 });

    const mine = await apiJson(ToolResult, "POST", `/v1/sessions/${sessionId}/execute`, {
      tool: `${ID}/create_payment`,
      input: { amount: 5, idempotency_key: "caller-key-1" },
    });
    const kept = Payment.parse(mine.data);
    expect(kept.idempotency_key).toBe("caller-key-1");
    expect(kept.external_reference).toMatch(UUID);
    expect(kept.external_reference).not.toBe(created.idempotency_key);
  });

  it("settles the call's payment status from a signed webhook that carries the key", async () => {
    const result = await apiJson(ToolResult, "POST", `/v1/sessions/${sessionId}/execute`, { tool: `${ID}/create_payment`, input: { amount: 20 } });
    const key = Payment.parse(result.data).idempotency_key;
    const before = await apiJson(PaymentStatusResult, "GET", `/v1/tool-calls/${result.tool_call_id}/payment-status`);
    expect(before).toMatchObject({ payment_status: "pending", idempotency_key: key, original_status: "PENDING" });

    const body = JSON.stringify({
      id: `evt_${key}`,
      event: "PAYMENT_CONFIRMED",
      payment: { id: "pay_provider_side", status: "CONFIRMED", externalReference: key },
    });
    const res = await fetch(`${baseUrl}/v1/webhooks/inbound/${ID}/${connectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-webhook-signature": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ events: [{ tool_call_ids: [result.tool_call_id] }] });
    const after = await apiJson(PaymentStatusResult, "GET", `/v1/tool-calls/${result.tool_call_id}/payment-status`);
    expect(after).toMatchObject({ payment_status: "succeeded", events: [{ event_type: "PAYMENT_CONFIRMED", provider_action: "confirmed" }] });
  });
});
