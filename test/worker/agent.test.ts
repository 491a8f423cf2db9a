// The external runtime: lease (and 204 when idle), idempotent event appends, renew, complete once,
// lease expiry requeueing the prompt in front, permission requests answered once and long-polled.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentAppended, LeaseGrant, PermissionState } from "../../src/shared/schemas/agent";
import { PromptAccepted, QueueSnapshot } from "../../src/shared/schemas/queue";
import { expectError, expectJson, expectNoContent } from "../helpers/worker-assert";
import { objectContaining } from "../helpers/matchers";
import { readLog, sessionObject } from "../helpers/worker-log";
import { call, createSession, createTenant } from "../helpers/worker-api";

async function externalSession() {
  const tenant = await createTenant();
  const session = await createSession(tenant.key, { servers: [], runtime: { type: "external" } });
  return { tenant, session, base: `/v1/sessions/${session.id}` };
}

const producer = (seq: number, epoch = 0) => ({ "producer-id": "agent-1", "producer-epoch": String(epoch), "producer-seq": String(seq) });

describe("external runtime", () => {
  it("answers 204 when no prompt arrives in time, and 409 on a managed session", async () => {
    const { tenant, base } = await externalSession();
    expect((await call(tenant.key, "POST", `${base}/agent/lease`, { body: { wait_ms: 50 } })).status).toBe(204);
    const managed = await createSession(tenant.key);
    await expectError(await call(tenant.key, "POST", `/v1/sessions/${managed.id}/agent/lease`, { body: {} }), 409, "runtime_not_external");
  });

  it("hands a prompt submitted while the agent waits, then runs a whole turn", async () => {
    const { tenant, session, base } = await externalSession();
    const waiting = call(tenant.key, "POST", `${base}/agent/lease`, { body: { wait_ms: 5_000 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expectJson(
      await call(tenant.key, "POST", `${base}/prompts`, { body: { text: "fix the bug", promptId: "q1", user: { name: "Ana" } } }),
      202,
      PromptAccepted,
    );
    const lease = await expectJson(await waiting, 200, LeaseGrant);
    expect(lease).toMatchObject({ promptId: "q1", text: "fix the bug", user: { name: "Ana" } });

    const events = [
      { type: "assistant_message", text: "Looking." },
      { type: "tool_call", callId: "c1", tool: "terminal", input: { cmd: "ls" } },
    ];
    await expectJson(await call(tenant.key, "POST", `${base}/agent/events`, { body: events, headers: producer(0) }), 200, AgentAppended);
    await expectNoContent(await call(tenant.key, "POST", `${base}/agent/events`, { body: events, headers: producer(0) }));
    await expectError(await call(tenant.key, "POST", `${base}/agent/events`, { body: events, headers: producer(5) }), 409, "producer_sequence_gap");
    await expectError(
      await call(tenant.key, "POST", `${base}/agent/events`, { body: { type: "session_end", reason: "closed" }, headers: producer(1) }),
      400,
      "validation_failed",
    );
    await expectError(
      await call(tenant.key, "POST", `${base}/agent/events`, { body: events, headers: { "producer-id": "x" } }),
      400,
      "invalid_producer_headers",
    );

    const renewed = await call(tenant.key, "POST", `${base}/agent/lease/${lease.leaseId}/renew`);
    expect(renewed.status).toBe(200);
    const done = await call(tenant.key, "POST", `${base}/agent/complete`, {
      body: { leaseId: lease.leaseId, success: true, usage: { inputTokens: 10, outputTokens: 5 } },
    });
    expect(done.status).toBe(200);
    await expectError(await call(tenant.key, "POST", `${base}/agent/complete`, { body: { leaseId: lease.leaseId, success: true } }), 409, "lease_completed");

    const log = await readLog(tenant.projectId, session.id);
    const turn = log.filter((event) => ["user_message", "assistant_message", "tool_call", "turn_complete"].includes(event.type));
    expect(turn.map((event) => event.type)).toEqual(["user_message", "assistant_message", "tool_call", "turn_complete"]);
    expect(log.filter((event) => event.type === "assistant_message")).toHaveLength(1);
    const queue = await expectJson(await call(tenant.key, "GET", `${base}/queue`), 200, QueueSnapshot);
    expect(queue).toMatchObject({ processing: false, size: 0 });
  });

  it("puts the prompt of an expired lease back in front", async () => {
    const { tenant, session, base } = await externalSession();
    for (const id of ["first", "second"]) await call(tenant.key, "POST", `${base}/prompts`, { body: { text: id, promptId: id } });
    const lease = await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: {} }), 200, LeaseGrant);
    expect(lease.promptId).toBe("first");
    const stub = sessionObject(tenant.projectId, session.id);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE leases SET expires_at = ? WHERE lease_id = ?", Date.now() - 1, lease.leaseId);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const queue = await expectJson(await call(tenant.key, "GET", `${base}/queue`), 200, QueueSnapshot);
    expect(queue.items.map((item) => item.promptId)).toEqual(["first", "second"]);
    await expectError(await call(tenant.key, "POST", `${base}/agent/complete`, { body: { leaseId: lease.leaseId, success: true } }), 409, "lease_expired");
    const log = await readLog(tenant.projectId, session.id);
    expect(log.some((event) => event.type === "turn_aborted" && event.promptId === "first")).toBe(true);
    const again = await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: {} }), 200, LeaseGrant);
    expect(again.promptId).toBe("first");
  });

  it("tracks permission requests, answers them once, and lets the agent long-poll", async () => {
    const { tenant, base } = await externalSession();
    await call(tenant.key, "POST", `${base}/prompts`, { body: { text: "delete files" } });
    await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: {} }), 200, LeaseGrant);
    const request = { type: "permission_request", requestId: "perm-1", tool: "terminal", input: { cmd: "rm -rf build" } };
    await expectJson(await call(tenant.key, "POST", `${base}/agent/events`, { body: request }), 200, AgentAppended);
    const pending = await call(tenant.key, "GET", `${base}/permissions`);
    expect((await expectJson(pending, 200, z.object({ requests: z.array(PermissionState) }))).requests).toHaveLength(1);

    const poll = call(tenant.key, "GET", `${base}/permissions/perm-1?wait_ms=5000`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await expectJson(await call(tenant.key, "POST", `${base}/permissions/perm-1`, { body: { decision: "allow" } }), 200, PermissionState);
    expect(answer).toMatchObject({ status: "answered", decision: "allow" });
    expect(await expectJson(await poll, 200, PermissionState)).toMatchObject({ status: "answered", decision: "allow" });
    await expectError(await call(tenant.key, "POST", `${base}/permissions/perm-1`, { body: { decision: "deny" } }), 409, "permission_already_answered");
    await expectError(await call(tenant.key, "POST", `${base}/permissions/nope`, { body: { decision: "deny" } }), 404, "permission_request_not_found");
  });

  it("takes an answer that picks one of the agent's options, refusing an option it did not offer or whose kind disagrees", async () => {
    const { tenant, session, base } = await externalSession();
    await call(tenant.key, "POST", `${base}/prompts`, { body: { text: "deploy" } });
    await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: {} }), 200, LeaseGrant);
    const options = [
      { optionId: "once", name: "Allow once", kind: "allow_once" },
      { optionId: "always", name: "Allow for this session", kind: "allow_always" },
      { optionId: "no", name: "Deny", kind: "reject_once" },
    ];
    const request = { type: "permission_request", requestId: "perm-2", tool: "terminal", input: { command: "npm run deploy" }, options };
    await expectJson(await call(tenant.key, "POST", `${base}/agent/events`, { body: request }), 200, AgentAppended);
    const answerUrl = `${base}/permissions/perm-2`;
    await expectError(await call(tenant.key, "POST", answerUrl, { body: { decision: "allow", optionId: "sometimes" } }), 400, "permission_option_invalid");
    await expectError(await call(tenant.key, "POST", answerUrl, { body: { decision: "deny", optionId: "always" } }), 400, "permission_option_invalid");
    const body = { decision: "allow_session", optionId: "always", user: { name: "Ada" } };
    const answer = await expectJson(await call(tenant.key, "POST", answerUrl, { body }), 200, PermissionState);
    expect(answer).toMatchObject({ status: "answered", decision: "allow_session", optionId: "always" });
    const log = await readLog(tenant.projectId, session.id);
    expect(log.filter((event) => event.type === "permission_response")).toEqual([
      objectContaining({ requestId: "perm-2", decision: "allow_session", optionId: "always", user: { name: "Ada" } }),
    ]);
  });

  it("lets an external agent name itself and its model for viewers (agent_info), with display-name rules", async () => {
    const { tenant, session, base } = await externalSession();
    await call(tenant.key, "POST", `${base}/prompts`, { body: { text: "hi" } });
    await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: {} }), 200, LeaseGrant);
    const info = { type: "agent_info", name: "Claude Code", model: "claude-sonnet-4-5", version: "2.0.14" };
    await expectJson(await call(tenant.key, "POST", `${base}/agent/events`, { body: info }), 200, AgentAppended);
    await expectError(
      await call(tenant.key, "POST", `${base}/agent/events`, { body: { type: "agent_info", name: "evil\u202Eeman" } }),
      400,
      "validation_failed",
    );
    const log = await readLog(tenant.projectId, session.id);
    expect(log.filter((event) => event.type === "agent_info")).toEqual([objectContaining(info)]);
  });

  it("streams an external turn to sendStream", async () => {
    const { tenant, base } = await externalSession();
    const streaming = call(tenant.key, "POST", `${base}/send`, { body: { message: "hi agent" }, headers: { accept: "text/event-stream" } });
    const lease = await expectJson(await call(tenant.key, "POST", `${base}/agent/lease`, { body: { wait_ms: 5_000 } }), 200, LeaseGrant);
    await call(tenant.key, "POST", `${base}/agent/events`, { body: { type: "assistant_message", text: "hello human" } });
    await call(tenant.key, "POST", `${base}/agent/complete`, { body: { leaseId: lease.leaseId, success: true } });
    const body = await (await streaming).text();
    const names = [...body.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]);
    expect(names).toEqual(["user_message", "assistant_text", "done"]);
    expect(body).toContain('"message":"hello human"');
  });
});
