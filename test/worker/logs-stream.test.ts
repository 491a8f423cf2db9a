// The project's live log tail, GET /v1/logs/stream: the `limit` most recent rows replayed oldest
// first and filtered by server, status and tool; new rows as they finish; heartbeat comments while
// idle; only the caller's project; the replay as JSON without Accept: text/event-stream.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ToolCallLogEntry, ToolCallLogList } from "../../src/shared/schemas/tool-status";
import { ToolResult } from "../../src/shared/schemas/tools";
import { FrameReader } from "../helpers/sse-frames";
import { expectError, expectJson } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

const MOCKS = { "asaas/create_payment": { id: "pay_1", status: "PENDING" }, "asaas/get_payment": { id: "pay_1" }, "nfe/issue_invoice": { id: "inv_1" } };

async function testSession(key: string) {
  const res = await call(key, "POST", "/v1/sessions", { body: { servers: ["asaas", "nfe"], mocks: MOCKS } });
  return expectJson(res, 201, z.object({ id: z.string() })).then((session) => ({
    id: session.id,
    /** Input that is not an object makes a logged call with status error. */
    execute: async (tool: string, input: unknown = {}) =>
      (await expectJson(await call(key, "POST", `/v1/sessions/${session.id}/execute`, { body: { tool, input } }), 200, ToolResult)).tool_call_id,
  }));
}

const tail = (key: string, query = "") => call(key, "GET", `/v1/logs/stream${query}`, { headers: { accept: "text/event-stream" } });

async function frames(reader: FrameReader, count: number) {
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    const frame = await reader.nextEvent(5_000);
    expect(frame?.event).toBe("tool_call");
    rows.push(ToolCallLogEntry.strict().parse(frame?.data));
  }
  return rows;
}

describe("GET /v1/logs/stream", () => {
  it("replays the limit most recent rows oldest first, filtered by server, status and tool", async () => {
    const tenant = await createTenant();
    const session = await testSession(tenant.key);
    const created = await session.execute("asaas/create_payment");
    const failed = await session.execute("asaas/get_payment", "not an object");
    const fetched = await session.execute("asaas/get_payment");
    const invoiced = await session.execute("nfe/issue_invoice");

    const last2 = new FrameReader(await tail(tenant.key, "?limit=2"));
    const replayed = await frames(last2, 2);
    expect(replayed.map((row) => row.id)).toEqual([fetched, invoiced]);
    expect(replayed[1]).toMatchObject({ session_id: session.id, tool: "nfe/issue_invoice", server: "nfe", status: "success", error: null });
    expect(replayed[0]?.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await last2.quietFor(1_500)).toBe(true);
    await last2.cancel();

    const errors = new FrameReader(await tail(tenant.key, "?status=error&limit=10"));
    const [errorRow] = await frames(errors, 1);
    expect(errorRow).toMatchObject({ id: failed, status: "error", error_code: "invalid_input" });
    expect(errorRow?.error).toContain("JSON object");
    expect(await errors.quietFor(1_500)).toBe(true);
    await errors.cancel();

    const json = async (query: string) =>
      (await expectJson(await call(tenant.key, "GET", `/v1/logs/stream${query}`), 200, ToolCallLogList.strict())).data.map((row) => row.id);
    expect(await json("?server=asaas&limit=10")).toEqual([created, failed, fetched]);
    expect(await json("?tool=get_payment&limit=10")).toEqual([failed, fetched]);
    expect(await json("?tool=asaas/create_payment&limit=10")).toEqual([created]);
    expect(await json("?server=nfe&status=error")).toEqual([]);
    expect(await json("?limit=0")).toEqual([]);
    expect(await json("")).toEqual([created, failed, fetched, invoiced]);
  }, 30_000);

  it("sends each new row as it finishes, after the replay, and only the caller's project", async () => {
    const tenant = await createTenant();
    const other = await createTenant("Elsewhere");
    const session = await testSession(tenant.key);
    const otherSession = await testSession(other.key);
    const before = await session.execute("asaas/create_payment");

    const reader = new FrameReader(await tail(tenant.key, "?limit=5&tool=create_payment"));
    expect((await frames(reader, 1)).map((row) => row.id)).toEqual([before]);
    await otherSession.execute("asaas/create_payment");
    await session.execute("asaas/get_payment");
    const live = await session.execute("asaas/create_payment");
    const [row] = await frames(reader, 1);
    expect(row).toMatchObject({ id: live, tool: "asaas/create_payment", tool_name: "asaas/create_payment", server_id: "asaas", status: "success" });
    expect(row?.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(row?.called_at ?? "")).not.toBeNaN();
    expect(await reader.quietFor(2_000)).toBe(true);
    await reader.cancel();
  }, 30_000);

  it("writes a heartbeat comment while idle", async () => {
    const tenant = await createTenant();
    const reader = new FrameReader(await tail(tenant.key, "?limit=0"));
    const frame = await reader.next(17_000);
    expect(frame?.kind).toBe("comment");
    expect(frame?.kind === "comment" && frame.text).toMatch(/^: heartbeat \d+$/);
    await reader.cancel();
  }, 25_000);

  it("refuses filters it does not know with 400", async () => {
    const tenant = await createTenant();
    await expectError(await tail(tenant.key, "?status=running"), 400, "validation_failed");
    await expectError(await tail(tenant.key, "?limit=500"), 400, "validation_failed");
    await expectError(await tail(tenant.key, "?limit=-1"), 400, "validation_failed");
  });
});
