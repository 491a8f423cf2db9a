// The session object's writes to the project-wide tool-call index: a failed write keeps the row
// pending in the object, with the alarm planned for the retry; a later flush (the alarm's) writes
// it; rows are written once, with what their input and output say for correlation. Only payment
// and verification calls hold up the caller for the write.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { ToolCallIndex } from "../../../durable-objects/session/ports";
import { INDEX_BACKSTOP_MS, INDEX_RETRY_DELAYS_MS, ToolCallIndexOutbox } from "../../../durable-objects/session/tool-call-index";
import { ToolCallStore } from "../../../durable-objects/session/tool-calls";
import type { ToolCallIndexEntry } from "../../../src/shared/schemas/tool-status";
import { withFreshStorage } from "../../helpers/worker-objects";

const SESSION = { id: "ses_index", org_id: "org_1", project_id: "prj_1" };
const KEY = "5b1f2a9c-0d3e-4f6a-8b7c-9d0e1f2a3b4c";

/** An index that fails its first `failures` writes, recording every entry it was sent. */
function flakyIndex(failures: number): ToolCallIndex & { written: ToolCallIndexEntry[]; attempts: number } {
  const written: ToolCallIndexEntry[] = [];
  const index = {
    written,
    attempts: 0,
    record: async (entries: readonly ToolCallIndexEntry[]) => {
      index.attempts += 1;
      if (index.attempts <= failures) throw new Error("D1_ERROR: overloaded");
      index.written.push(...entries);
    },
  };
  return index;
}

const PAYMENT = {
  tool_name: "asaas/create_payment",
  server_id: "asaas",
  input: { value: 10 },
  output: { object: "payment", id: "pay_1", status: "PENDING", invoiceUrl: "https://sandbox.asaas.com/i/1" },
};
const SEARCH = { tool_name: "docs/search", server_id: "docs", input: { query: "refunds" }, output: { hits: [] } };

function record(store: ToolCallStore, id: string, seq: number, nowMs: number, call: typeof PAYMENT | typeof SEARCH = PAYMENT) {
  store.insert(
    {
      record: { id, ...call, status: "success", duration_ms: 12.5, error_code: null },
      error: null,
      calledAt: new Date(nowMs).toISOString(),
    },
    seq,
    { idempotencyKey: KEY, indexDueAt: nowMs + INDEX_BACKSTOP_MS },
  );
}

describe("ToolCallIndexOutbox", () => {
  let logged: MockInstance<typeof console.error>;
  beforeEach(() => {
    logged = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    // Each failed write is reported once, naming the session (never the rows' contents).
    for (const [line] of logged.mock.calls)
      expect(String(line)).toMatch(/^tool-call index: \d+ row\(s\) of session ses_index not written \(D1_ERROR: overloaded\)$/);
    logged.mockRestore();
  });

  it("keeps a row whose write failed and writes it when the retry is due", async () => {
    await withFreshStorage(async (storage) => {
      const store = new ToolCallStore(storage.sql);
      const index = flakyIndex(1);
      let plans = 0;
      const outbox = new ToolCallIndexOutbox(
        store,
        index,
        () => SESSION,
        () => (plans += 1),
      );
      const now = Date.now();
      record(store, "tc_1", 1, now);
      expect(outbox.nextDue()).toBe(now + INDEX_BACKSTOP_MS);

      await outbox.flush(["tc_1"], now);
      expect(index.written).toEqual([]);
      const retryAt = outbox.nextDue() ?? 0;
      expect(retryAt).toBeGreaterThanOrEqual(now + INDEX_RETRY_DELAYS_MS[0]);
      expect(retryAt).toBeLessThan(now + INDEX_BACKSTOP_MS);
      expect(plans).toBe(1);

      // Not due yet: nothing is sent.
      await outbox.flush(undefined, now + 1_000);
      expect(index.attempts).toBe(1);

      await outbox.flush(undefined, retryAt);
      expect(index.written).toHaveLength(1);
      expect(outbox.nextDue()).toBeNull();
      expect(index.written[0]).toEqual({
        tool_call_id: "tc_1",
        org_id: "org_1",
        project_id: "prj_1",
        session_id: "ses_index",
        server_id: "asaas",
        tool_name: "asaas/create_payment",
        status: "success",
        error: null,
        error_code: null,
        idempotency_key: KEY,
        external_reference: null,
        tool_kind: "payment",
        provider_id: "pay_1",
        payment_id: "pay_1",
        verification_id: null,
        provider_status: "PENDING",
        hosted_url: "https://sandbox.asaas.com/i/1",
        duration_ms: 12.5,
        called_at: new Date(now).toISOString(),
      });

      // Written rows are not sent again; the log row keeps its key.
      await outbox.flush(undefined, retryAt + INDEX_BACKSTOP_MS);
      expect(index.attempts).toBe(2);
      expect(store.list(SESSION.id, 10)[0]?.idempotency_key).toBe(KEY);
    });
  });

  it("backs off further after each failure, and writes everything due in one batch", async () => {
    await withFreshStorage(async (storage) => {
      const store = new ToolCallStore(storage.sql);
      const index = flakyIndex(2);
      const outbox = new ToolCallIndexOutbox(
        store,
        index,
        () => SESSION,
        () => {},
      );
      const now = Date.now();
      record(store, "tc_a", 1, now);
      record(store, "tc_b", 2, now);
      await outbox.flush(undefined, now + INDEX_BACKSTOP_MS);
      const second = outbox.nextDue() ?? 0;
      await outbox.flush(undefined, second);
      const third = outbox.nextDue() ?? 0;
      expect(second).toBeLessThanOrEqual(Date.now() + INDEX_RETRY_DELAYS_MS[0]);
      expect(third).toBeGreaterThanOrEqual(Date.now() + INDEX_RETRY_DELAYS_MS[1] - 1_000);
      await outbox.flush(undefined, third);
      expect(index.written.map((entry) => entry.tool_call_id)).toEqual(["tc_a", "tc_b"]);
      expect(outbox.nextDue()).toBeNull();
    });
  });

  it("writes a payment call before the caller hears back, and any other call just after", async () => {
    await withFreshStorage(async (storage) => {
      const store = new ToolCallStore(storage.sql);
      const written: string[] = [];
      const releases: (() => void)[] = [];
      // An index whose writes land only when the test releases them.
      const index: ToolCallIndex = {
        record: (entries) =>
          new Promise<void>((resolve) => {
            releases.push(() => {
              written.push(...entries.map((entry) => entry.tool_call_id));
              resolve();
            });
          }),
      };
      const outbox = new ToolCallIndexOutbox(
        store,
        index,
        () => SESSION,
        () => {},
      );
      const now = Date.now();
      const settled = (promise: Promise<void>) =>
        Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50))]);

      record(store, "tc_search", 1, now, SEARCH);
      expect(await settled(outbox.afterCall("tc_search", SEARCH.tool_name, SEARCH.input, SEARCH.output))).toBe(true);
      expect(written).toEqual([]);
      releases.shift()?.();
      await vi.waitFor(() => expect(written).toEqual(["tc_search"]));

      record(store, "tc_pay", 2, now, PAYMENT);
      const paid = outbox.afterCall("tc_pay", PAYMENT.tool_name, PAYMENT.input, PAYMENT.output);
      expect(await settled(paid)).toBe(false);
      await vi.waitFor(() => expect(releases).toHaveLength(1));
      releases.shift()?.();
      await paid;
      expect(written).toEqual(["tc_search", "tc_pay"]);
      expect(outbox.nextDue()).toBeNull();
    });
  });
});
