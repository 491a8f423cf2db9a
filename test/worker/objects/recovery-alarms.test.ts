// The session object keeps an alarm for exactly the work it holds, committed with that work, so a
// restart resumes it with no request: a watchdog within RECOVERY_BOUND_MS while a managed turn runs
// or waits, the lease's expiry, webhook deliveries due; none for a paused queue or a closed session.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RECOVERY_BOUND_MS } from "../../../durable-objects/session/alarm-planner";
import type { SessionInit } from "../../../durable-objects/session/session-meta";
import type { RuntimeConfig } from "../../../src/shared/schemas/runtime";
import { insertServerRow } from "../../helpers/worker-servers";

const PROJECT = "prj_recovery000000001";
/** An MCP server whose requests hang until the test lets them go: a managed turn waits on its tool list. */
const SLOW_ORIGIN = "https://slow-mcp.example.com";
const WAIT_STEP_MS = 20;
const HOLD_MS = 15_000;

let sessionCount = 0;

/** A fresh session object created the way the sessions route creates one. */
async function newSession(runtime: RuntimeConfig, servers: string[] = []) {
  sessionCount += 1;
  const id = `ses_recovery${String(sessionCount).padStart(8, "0")}`;
  const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`${PROJECT}/${id}`));
  const init: SessionInit = {
    id,
    orgId: "org_recovery000000001",
    projectId: PROJECT,
    environment: "test",
    userId: "default",
    servers,
    metadata: {},
    runtime,
    createdAt: new Date().toISOString(),
  };
  await stub.create(init);
  return { id, stub };
}

const alarmOf = (stub: DurableObjectStub) => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
const outboxSize = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_outbox").one().n);

/**
 * Holds every request to SLOW_ORIGIN until `release(stub)` fails them (the server was down), or at
 * most HOLD_MS. A timer, not a bare promise: workerd cancels work that waits on nothing at all.
 * Released from inside the object, where the requests were made (I/O stays with its object).
 */
function holdSlowServer() {
  const held: Array<() => void> = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(SLOW_ORIGIN)) return realFetch(input, init);
    return new Promise<Response>((_resolve, reject) => {
      const fail = () => reject(new TypeError("slow server went away"));
      const timer = setTimeout(fail, HOLD_MS);
      held.push(() => {
        clearTimeout(timer);
        fail();
      });
    });
  });
  return { release: (stub: DurableObjectStub) => runInDurableObject(stub, () => held.splice(0).forEach((fail) => fail())) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

/** Runs alarms until none is set (webhook fan-out of the turns' events), at most a few. */
async function drainAlarms(stub: DurableObjectStub): Promise<void> {
  for (let i = 0; i < 5 && (await runDurableObjectAlarm(stub)); i += 1);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("alarms for the work a session holds", () => {
  it("keeps a watchdog within the bound while a managed turn runs or waits, and none once the queue drains", async () => {
    await insertServerRow(PROJECT, { id: "slow", url: `${SLOW_ORIGIN}/mcp` });
    const slow = holdSlowServer();
    const { stub } = await newSession({ type: "managed", provider: "local" }, ["slow"]);
    const submittedAt = Date.now();
    for (const promptId of ["w1", "w2"]) expect((await stub.submitPrompt(PROJECT, { text: `hello ${promptId}`, promptId })).ok).toBe(true);
    const watchdog = await alarmOf(stub);
    expect(watchdog).not.toBeNull();
    expect(watchdog ?? Infinity).toBeLessThanOrEqual(submittedAt + RECOVERY_BOUND_MS + 1_000);

    // The watchdog firing while the turn still runs here is housekeeping only: it re-arms, within the bound.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const firedAt = Date.now();
    const rearmed = await alarmOf(stub);
    expect(rearmed).not.toBeNull();
    expect(rearmed ?? Infinity).toBeLessThanOrEqual(firedAt + RECOVERY_BOUND_MS);
    const during = await stub.queueSnapshot(PROJECT);
    expect(during.ok && during.value.running?.promptId).toBe("w1");

    await slow.release(stub);
    await waitFor(async () => {
      const snapshot = await stub.queueSnapshot(PROJECT);
      return snapshot.ok && !snapshot.value.processing && snapshot.value.size === 0;
    });
    await drainAlarms(stub);
    expect(await alarmOf(stub)).toBeNull();
  });

  it("holds no alarm for a paused queue, arms the watchdog on resume, and none once the session is closed", async () => {
    await insertServerRow(PROJECT, { id: "slow2", url: `${SLOW_ORIGIN}/mcp` });
    const slow = holdSlowServer();
    const { stub } = await newSession({ type: "managed", provider: "local" }, ["slow2"]);
    await stub.setQueuePaused(PROJECT, true);
    expect((await stub.submitPrompt(PROJECT, { text: "later", promptId: "p1" })).ok).toBe(true);
    expect(await alarmOf(stub)).toBeNull();

    await stub.setQueuePaused(PROJECT, false);
    expect(await alarmOf(stub)).not.toBeNull();

    await stub.close(PROJECT);
    await slow.release(stub);
    await waitFor(async () => {
      const snapshot = await stub.queueSnapshot(PROJECT);
      return snapshot.ok && !snapshot.value.processing;
    });
    await drainAlarms(stub);
    expect(await alarmOf(stub)).toBeNull();
  });

  it("requeues and reruns a turn marked running that nothing in this instance runs, when the watchdog fires", async () => {
    const { stub } = await newSession({ type: "managed", provider: "local" });
    await stub.setQueuePaused(PROJECT, true);
    expect((await stub.submitPrompt(PROJECT, { text: "left behind", promptId: "o1" })).ok).toBe(true);
    // As if its run had ended without finishing it: marked running, while no turn runs here.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE prompts SET status = 'running', started_at = ? WHERE prompt_id = 'o1'", Date.now());
    });
    await stub.setQueuePaused(PROJECT, false);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await waitFor(async () => {
      const snapshot = await stub.queueSnapshot(PROJECT);
      return snapshot.ok && !snapshot.value.processing && snapshot.value.size === 0;
    });
    const events = await stub.readEvents(PROJECT, "-1", 1_000);
    const marks = events.ok ? events.value.events.filter((event) => ["user_message", "turn_aborted", "turn_complete"].includes(event.type)) : [];
    expect(marks.map((event) => event.type)).toEqual(["turn_aborted", "user_message", "turn_complete"]);
  });

  it("keeps a lease's expiry and a webhook delivery as their own deadlines; an external queue alone holds none", async () => {
    const { stub } = await newSession({ type: "external" });
    expect((await stub.submitPrompt(PROJECT, { text: "for the agent", promptId: "x1" })).ok).toBe(true);
    // Queued prompts of an external session wait for an agent: nothing for the alarm to do.
    expect(await alarmOf(stub)).toBeNull();
    const grant = await stub.agentLease(PROJECT, 0);
    expect(grant.ok && grant.value?.promptId).toBe("x1");
    const leased = await runInDurableObject(stub, async (_instance, state) => ({
      expiresAt: state.storage.sql.exec<{ t: number }>("SELECT expires_at AS t FROM leases WHERE status = 'active'").one().t,
      alarm: await state.storage.getAlarm(),
    }));
    expect(leased.alarm).toBe(leased.expiresAt);

    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE leases SET expires_at = ? WHERE status = 'active'", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const queue = await stub.queueSnapshot(PROJECT);
    expect(queue.ok && queue.value.items.map((item) => item.promptId)).toEqual(["x1"]);
    expect(await alarmOf(stub)).toBeNull();

    // session_end waits in the outbox for the alarm, due at once (the runtime fires it by itself);
    // once it is fanned out nothing is left, so no alarm either.
    await stub.close(PROJECT);
    await waitFor(async () => (await outboxSize(stub)) === 0 && (await alarmOf(stub)) === null);
  });
});
