// Streamed assistant text is its own event type: a managed turn logs assistant_delta pieces and one
// whole assistant_message per reply; agents sending the retired form (assistant_message with
// delta: true) are normalized on ingest; stored logs are rewritten by session migration 8.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { migrate } from "../../durable-objects/lib/migrations";
import { EventLog } from "../../durable-objects/session/event-log";
import { SESSION_MIGRATIONS } from "../../durable-objects/session/schema";
import { LeaseGrant } from "../../src/shared/schemas/agent";
import { AspEvent, isAspEventType } from "../../src/shared/schemas/asp";
import { SessionEvent, StoredEvent } from "../../src/shared/schemas/events";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";

/** The session's log as GET /events answers it: raw items, and the same decoded. */
async function readEvents(key: string, sessionId: string) {
  const res = await call(key, "GET", `/v1/sessions/${sessionId}/events?offset=-1`);
  expect(res.status).toBe(200);
  const raw = z.array(z.record(z.string(), z.unknown())).parse(await res.json());
  return { raw, events: z.array(StoredEvent).parse(raw) };
}

/** Each turn's events, from its user_message up to the next one. */
function turns(events: readonly StoredEvent[]): StoredEvent[][] {
  const out: StoredEvent[][] = [];
  for (const event of events) {
    if (event.type === "user_message") out.push([]);
    out.at(-1)?.push(event);
  }
  return out;
}

const textOf = (events: readonly StoredEvent[], type: "assistant_delta" | "assistant_message") =>
  events.flatMap((event) => (event.type === type ? [event.text] : []));

describe("assistant_delta", () => {
  it("logs a managed turn's streamed pieces as assistant_delta and each reply once as assistant_message", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    // Long enough that the reply streams in more than one piece (a piece holds about 200 characters).
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    for (const message of [long, "call codespar_list_tools {}", "hello"]) {
      const res = await call(tenant.key, "POST", `/v1/sessions/${session.id}/send`, { body: { message } });
      expect(res.status).toBe(200);
    }
    const { raw, events } = await readEvents(tenant.key, session.id);
    const byTurn = turns(events);
    expect(byTurn).toHaveLength(3);
    for (const turn of byTurn) {
      const whole = textOf(turn, "assistant_message");
      expect(whole).toHaveLength(1);
      expect(textOf(turn, "assistant_delta").join("")).toBe(whole[0]);
      expect(turn.filter((event) => event.type === "turn_complete")).toHaveLength(1);
    }
    expect(textOf(byTurn[0] ?? [], "assistant_delta").length).toBeGreaterThan(1);
    expect(textOf(byTurn[0] ?? [], "assistant_message")).toEqual([`You said: ${long}`]);
    // No event carries the retired flag, and every event of an ASP type is a valid ASP event.
    expect(raw.filter((item) => "delta" in item)).toEqual([]);
    for (const item of raw) if (typeof item.type === "string" && isAspEventType(item.type)) expect(AspEvent.safeParse(item).success, item.type).toBe(true);
  });

  it("normalizes an agent's pieces sent as assistant_message with delta: true on ingest", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key, { servers: [], runtime: { type: "external" } });
    const base = `/v1/sessions/${session.id}`;
    const answer = call(tenant.key, "POST", `${base}/send`, { body: { message: "go" } });
    const lease = await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: { wait_ms: 5_000 } }), 200, LeaseGrant);
    const body = [
      { type: "assistant_message", text: "Wor", delta: true, iteration: 1 },
      { type: "assistant_message", text: "king", delta: true, iteration: 1, phase: "final" },
      { type: "assistant_message", text: "Working", phase: "final", iteration: 1 },
    ];
    expect((await call(tenant.key, "POST", `${base}/agent/events`, { body })).status).toBe(200);
    expect((await call(tenant.key, "POST", `${base}/agent/complete`, { body: { leaseId: lease.leaseId, success: true } })).status).toBe(200);
    expect(await (await answer).json()).toMatchObject({ message: "Working" });

    const { raw } = await readEvents(tenant.key, session.id);
    const texts = raw.filter((item) => item.type === "assistant_delta" || item.type === "assistant_message");
    expect(texts.map(({ v: _v, ts: _ts, offset: _offset, ...item }) => item)).toEqual([
      { type: "assistant_delta", text: "Wor", iteration: 1 },
      { type: "assistant_delta", text: "king", iteration: 1 },
      { type: "assistant_message", text: "Working", phase: "final", iteration: 1 },
    ]);
  });

  it("leaves the pieces out of the model's history (EventLog.recent), even when asked for", async () => {
    await runInDurableObject(env.SESSIONS.get(env.SESSIONS.newUniqueId()), (_instance, state) => {
      migrate(state.storage, SESSION_MIGRATIONS);
      const log = new EventLog(state.storage.sql);
      log.append([
        { type: "user_message", text: "hi" },
        { type: "assistant_delta", text: "Hel", iteration: 1 },
        { type: "assistant_message", text: "Hello", iteration: 1 },
      ]);
      const recent = log.recent(["user_message", "assistant_delta", "assistant_message"], 10);
      expect(recent.map((event) => event.type)).toEqual(["user_message", "assistant_message"]);
    });
  });
});

const PIECES_MIGRATION = 8;
const latest = Math.max(...SESSION_MIGRATIONS.map((m) => m.version));

describe("session migration 8", () => {
  it("rewrites stored pieces (assistant_message with delta: true) into assistant_delta rows, type column and body", async () => {
    await runInDurableObject(env.SESSIONS.get(env.SESSIONS.newUniqueId()), (_instance, state) => {
      const { sql } = state.storage;
      expect(
        migrate(
          state.storage,
          SESSION_MIGRATIONS.filter((m) => m.version < PIECES_MIGRATION),
        ),
      ).toBe(PIECES_MIGRATION - 1);
      const rows = [
        { v: 1, type: "user_message", ts: 1, text: "hi", promptId: "p1" },
        { v: 1, type: "assistant_message", ts: 2, text: "You ", delta: true, iteration: 1 },
        { v: 1, type: "assistant_message", ts: 3, text: "said", delta: true, iteration: 1, phase: "final" },
        { v: 1, type: "assistant_message", ts: 4, text: "You said", phase: "final", iteration: 1 },
        { v: 1, type: "assistant_message", ts: 5, text: "Not a piece", delta: false },
      ];
      rows.forEach((row, i) => sql.exec("INSERT INTO events (seq, type, ts, body) VALUES (?, ?, ?, ?)", i + 1, row.type, row.ts, JSON.stringify(row)));

      expect(migrate(state.storage, SESSION_MIGRATIONS)).toBe(latest);
      const stored = sql.exec<{ type: string; body: string }>("SELECT type, body FROM events ORDER BY seq").toArray();
      expect(stored.map((row) => row.type)).toEqual(["user_message", "assistant_delta", "assistant_delta", "assistant_message", "assistant_message"]);
      expect(stored.map((row): unknown => JSON.parse(row.body))).toEqual([
        rows[0],
        { v: 1, type: "assistant_delta", ts: 2, text: "You ", iteration: 1 },
        { v: 1, type: "assistant_delta", ts: 3, text: "said", iteration: 1 },
        rows[3],
        rows[4],
      ]);
      // The rewritten rows read back as session events, through the log's reads and its JSON pages.
      const log = new EventLog(sql);
      expect(log.read("-1", 10)?.events.map((event) => event.type)).toEqual(stored.map((row) => row.type));
      const page = z.array(z.unknown()).parse(JSON.parse(`[${log.page(0, 5, 1_000_000).payload}]`));
      expect(page.every((item) => SessionEvent.safeParse(item).success)).toBe(true);
      expect(migrate(state.storage, SESSION_MIGRATIONS)).toBe(latest);
    });
  });
});
