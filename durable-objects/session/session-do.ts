// SessionObject: one per session. A thin shell that keeps its SQLite schema (created with the session)
// and exposes RPC methods; the logic lives in EventLog, SessionMeta, PromptQueue, TurnDispatcher,
// ToolExecutor, AlarmPlanner and the runtime. What it needs from outside (the project's servers,
// webhooks and provider keys) comes in as ports: src/objects.ts binds them to D1 as SessionDO.
import { DurableObject } from "cloudflare:workers";
import { loopbackAllowed } from "../../src/shared/destinations/guard";
import type { SessionDetail, SessionRow } from "../../src/shared/schemas/sessions";
import type { Connections, SendResult, ToolCallRow } from "../../src/shared/schemas/tools";
import type { ObjectEnv } from "../env";
import { LazySchema } from "../lib/migrations";
import type { SessionPorts } from "./ports";
import { AgentRuntime, type LeaseGrant } from "./agent-runtime";
import { AlarmPlanner } from "./alarm-planner";
import { EventLog, type ReadResult } from "./event-log";
import type { ReadFrom, ReadReply } from "../../src/shared/protocol/durable-streams";
import { SessionLogStream } from "./session-log-stream";
import type { PermissionState } from "./permissions";
import type { PermissionDecision } from "../../src/shared/schemas/agent";
import type { NewSessionEvent } from "../../src/shared/schemas/events";
import type { ProducerHeaders, ProducerVerdict } from "../lib/producers";
import type { Usage } from "./runtime/types";
import { PromptQueue, type QueueSnapshot } from "./prompt-queue";
import { fail, ok, type Result } from "../../src/shared/result";
import { runtimeContext, sessionInitEvent } from "./runtime/session-runtime";
import { runTurn } from "./runtime/turn-runner";
import { PROXY_TOOL } from "./runtime/history";
import { SESSION_MIGRATIONS } from "./schema";
import { SessionPrompts, type PromptAccepted, type PromptInput, type StreamStart } from "./session-prompts";
import { SessionMeta, toDetail, type SessionInit, type SessionState } from "./session-meta";
import { SessionShares, type Share, type ShareStatus } from "./shares";
import { ToolCallIndexOutbox } from "./tool-call-index";
import { ToolCallStore } from "./tool-calls";
import { ToolExecutor } from "./tool-executor";
import { SessionToolbox, type ExecuteReply } from "./session-toolbox";
import { TurnWaiters } from "./transcript";
import { TurnDispatcher } from "./turn-dispatcher";
import { WebhookOutbox } from "./webhook-outbox";

const MAX_LOG_ROWS = 1_000;

export class SessionObject extends DurableObject<ObjectEnv> {
  private readonly schema: LazySchema;
  private readonly log: EventLog;
  private readonly meta: SessionMeta;
  private readonly toolCalls: ToolCallStore;
  /** Finished calls on their way to the project-wide index (D1), retried by the alarm. */
  private readonly toolIndex: ToolCallIndexOutbox;
  private readonly executor: ToolExecutor;
  private readonly queue: PromptQueue;
  private readonly dispatcher: TurnDispatcher;
  private readonly agent: AgentRuntime;
  private readonly prompts: SessionPrompts;
  private readonly outbox: WebhookOutbox;
  private readonly shares: SessionShares;
  /** MCP server tools (cached for this session) and test-mode mocks. */
  private readonly toolbox: SessionToolbox;
  /** The log as a Durable Stream: catch-up pages and the live tail over hibernatable WebSockets. */
  private readonly logStream: SessionLogStream;
  /** The one alarm, kept at the earliest deadline of the work stored here (see alarm-planner.ts). */
  private readonly alarms: AlarmPlanner;

  constructor(ctx: DurableObjectState, env: ObjectEnv, ports: SessionPorts) {
    super(ctx, env);
    const { sql } = ctx.storage;
    this.schema = new LazySchema(ctx.storage, SESSION_MIGRATIONS);
    this.outbox = new WebhookOutbox(ctx.storage, ports.webhooks, loopbackAllowed(env));
    // Captured webhook work and its alarm commit in the append's own write: a crash cannot split them.
    this.log = new EventLog(sql, (events) => {
      if (this.outbox.capture(events)) this.alarms.plan();
    });
    this.meta = new SessionMeta(sql, this.schema);
    this.logStream = new SessionLogStream(ctx, this.log, () => {
      const state = this.meta.get();
      return state && { sessionId: state.row.id, createdAt: state.row.created_at, closed: state.row.status !== "active" };
    });
    this.toolCalls = new ToolCallStore(sql);
    this.toolIndex = new ToolCallIndexOutbox(
      this.toolCalls,
      ports.toolCallIndex,
      () => this.meta.get()?.row ?? null,
      () => this.alarms.plan(),
    );
    this.executor = new ToolExecutor(ctx.storage, this.log, this.toolCalls, this.toolIndex);
    this.queue = new PromptQueue(ctx.storage, this.log, () => this.alarms.plan());
    this.shares = new SessionShares(sql);
    this.toolbox = new SessionToolbox(ports, sql, env.PUBLIC_URL);
    this.dispatcher = new TurnDispatcher(this.queue, this.log, (item, signal) => {
      const state = this.requireState();
      const context = runtimeContext(
        state,
        { env, projectKeys: ports.providerKeys },
        { executor: this.executor, log: this.log, tools: this.toolbox.for(state), user: item.user, signal },
      );
      return runTurn(context, item.text, item.promptId);
    });
    this.agent = new AgentRuntime(ctx.storage, this.log, this.queue, () => this.alarms.plan());
    // A turn's output, managed or external, is only its events: waiters read it from the log.
    const waiters = new TurnWaiters(this.log);
    this.prompts = new SessionPrompts(ctx, this.log, this.queue, this.dispatcher, this.agent, waiters, () => this.meta.get());
    this.alarms = new AlarmPlanner(ctx.storage, [
      (now) => this.prompts.recoveryDeadline(now),
      () => this.agent.leases.nextDeadline(),
      (now) => this.outbox.nextDue(now),
      () => this.toolIndex.nextDue(),
    ]);
    // This constructor runs when a request or the alarm wakes the object (after a restart too: the
    // alarm is persisted). A turn it was running is requeued and resumed by an alarm due at once.
    void ctx.blockConcurrencyWhile(async () => {
      if (!this.schema.exists) return;
      await this.alarms.load();
      if (this.prompts.recoverInterruptedTurn()) this.alarms.armBy(Date.now());
    });
  }

  /** Idempotent: a second create with the same id returns the session as it is. */
  create(init: SessionInit): SessionRow {
    this.schema.ensure();
    const existing = this.meta.get();
    if (existing) return existing.row;
    this.ctx.storage.transactionSync(() => {
      this.meta.insert(init);
      this.toolbox.mocks.insert(init.mocks);
      this.log.append([sessionInitEvent(init)]);
    });
    return this.requireState().row;
  }

  describe(projectId: string): Result<SessionDetail> {
    const state = this.owned(projectId);
    return state ? ok(toDetail(state, this.toolCalls.count())) : this.notFound();
  }

  /** Idempotent: closing a closed session changes nothing and appends nothing. */
  close(projectId: string): Result<SessionRow> {
    const state = this.owned(projectId);
    if (!state) return this.notFound();
    if (state.row.status === "active") {
      this.prompts.closeAll("session closed");
      this.ctx.storage.transactionSync(() => {
        this.meta.setStatus("closed", new Date().toISOString());
        this.log.append([{ type: "session_end", reason: "closed" }]);
      });
    }
    return ok(this.requireState().row);
  }

  /** `origin`: the caller's public origin, for connect links the call may make. */
  async execute(projectId: string, tool: string, input: unknown, origin?: string): Promise<Result<ExecuteReply>> {
    const state = this.active(projectId);
    if (!state.ok) return state;
    return this.toolbox.execute(this.executor, state.value, tool, input, origin);
  }

  /** proxy_execute sends from the Worker; its call is logged here before it goes out, like every tool call. */
  proxyCallStarted(projectId: string, call: { callId: string; server: string; input: unknown }): Result<null> {
    return this.when(this.active(projectId), () => {
      this.log.append([{ type: "tool_call", callId: call.callId, tool: PROXY_TOOL, server: call.server, input: call.input }]);
      return ok(null);
    });
  }

  /** Its outcome: the upstream's status and data, or the gateway's refusal (logged even if the session closed meanwhile). */
  proxyCallFinished(projectId: string, result: { callId: string; output: unknown; isError: boolean; durationMs: number; errorCode?: string }): Result<null> {
    return this.when(this.owns(projectId), () => {
      this.log.append([{ type: "tool_result", ...result }]);
      return ok(null);
    });
  }

  submitPrompt(projectId: string, input: PromptInput): Result<PromptAccepted> {
    return this.when(this.active(projectId), () => this.prompts.submit(input));
  }

  queueSnapshot(projectId: string): Result<QueueSnapshot> {
    return this.when(this.owns(projectId), () => ok(this.queue.snapshot()));
  }

  cancelPrompt(projectId: string, promptId: string): Result<{ promptId: string; status: string }> {
    return this.when(this.owns(projectId), () => this.prompts.cancel(promptId));
  }

  reorderQueue(projectId: string, order: string[]): Result<QueueSnapshot> {
    return this.when(this.owns(projectId), () => this.prompts.reorder(order));
  }

  setQueuePaused(projectId: string, paused: boolean): Result<QueueSnapshot> {
    return this.when(this.owns(projectId), () => this.prompts.setPaused(paused));
  }

  clearQueue(projectId: string): Result<{ cleared: number }> {
    return this.when(this.owns(projectId), () => ok({ cleared: this.prompts.clear() }));
  }

  async send(projectId: string, message: string): Promise<Result<SendResult>> {
    const state = this.active(projectId);
    return state.ok ? this.prompts.send(message) : state;
  }

  /** Submits the message; the Worker streams the turn from the log (src/lib/live/send-stream.ts). */
  sendStream(projectId: string, message: string): Result<StreamStart> {
    return this.when(this.active(projectId), () => ok(this.prompts.startStream(message)));
  }

  toolLogs(projectId: string): Result<ToolCallRow[]> {
    const state = this.owned(projectId);
    return state ? ok(this.toolCalls.list(state.row.id, MAX_LOG_ROWS)) : this.notFound();
  }

  async connections(projectId: string): Promise<Result<Connections>> {
    const state = this.owned(projectId);
    return state ? ok(await this.toolbox.for(state).connections()) : this.notFound();
  }

  /** The event log with Durable Streams read semantics (JSON mode), for GET /v1/sessions/:id/events. */
  readLog(projectId: string, from: ReadFrom): ReadReply {
    if (!this.owned(projectId)) return this.notFound();
    return this.logStream.read(from);
  }

  /** Only for live-tail subscriptions from Worker isolates (the Worker checked access with readLog). */
  override async fetch(request: Request): Promise<Response> {
    return this.logStream.live.accept(request);
  }

  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    this.logStream.live.closed(socket, code);
  }

  readEvents(projectId: string, offset: string, limit: number): Result<ReadResult> {
    if (!this.owned(projectId)) return this.notFound();
    const result = this.log.read(offset, limit);
    return result ? ok(result) : fail(400, "invalid_offset", `Offset ${offset} is not a valid offset for this log`);
  }

  async agentLease(projectId: string, waitMs: number): Promise<Result<LeaseGrant | null>> {
    const state = this.external(projectId);
    if (!state.ok) return state;
    // The lease's expiry alarm was set in the write that took it.
    return ok(await this.agent.lease(waitMs));
  }

  agentRenew(projectId: string, leaseId: string): Result<{ leaseId: string; leaseExpiresAt: string }> {
    return this.when(this.external(projectId), () => this.agent.renew(leaseId));
  }

  agentAppend(projectId: string, events: NewSessionEvent[], producer: ProducerHeaders | null): Result<ProducerVerdict & { offset: string }> {
    return this.when(this.external(projectId), () => ok({ ...this.agent.appendEvents(events, producer), offset: this.log.tailOffset() }));
  }

  agentComplete(projectId: string, leaseId: string, success: boolean, usage?: Usage & { costUsd?: number }): Result<{ promptId: string }> {
    const completed = this.when(this.external(projectId), () => this.agent.completeLease(leaseId, success, usage));
    if (completed.ok) this.prompts.kick();
    return completed;
  }

  answerPermission(projectId: string, requestId: string, answer: PermissionDecision): Result<PermissionState> {
    return this.when(this.active(projectId), () => this.agent.answer(requestId, answer));
  }

  async permissionState(projectId: string, requestId: string, waitMs: number): Promise<Result<PermissionState>> {
    return this.owned(projectId) ? this.agent.permission(requestId, waitMs) : this.notFound();
  }

  pendingPermissions(projectId: string): Result<PermissionState[]> {
    return this.when(this.owns(projectId), () => ok(this.agent.permissions.pending()));
  }

  createShare(projectId: string, input: { code: string; mode: Share["mode"]; canPrompt: boolean; expiresAt: number }): Result<Share> {
    if (!this.owned(projectId)) return this.notFound();
    const share: Share = { ...input, upToOffset: input.mode === "snapshot" ? this.log.tailOffset() : null, createdAt: Date.now(), revokedAt: null };
    this.shares.insert(share);
    return ok(share);
  }

  listShares(projectId: string): Result<Share[]> {
    return this.owned(projectId) ? ok(this.shares.list()) : this.notFound();
  }

  revokeShare(projectId: string, code: string): Result<{ revoked: boolean }> {
    if (!this.owned(projectId)) return this.notFound();
    const revoked = this.shares.revoke(code);
    // Open viewer streams re-check their share now rather than at their next periodic check.
    if (revoked) this.logStream.live.accessChanged();
    return ok({ revoked });
  }

  /** Whether a share code still opens this session, and its terms. */
  shareStatus(code: string): { status: ShareStatus; share: Share | null } {
    if (!this.schema.exists) return { status: "unknown", share: null };
    return { status: this.shares.status(code), share: this.shares.get(code) };
  }

  /**
   * Idempotent housekeeping: expire leases, resume the queue (a no-op while a turn runs here),
   * deliver webhooks and tool-call index writes that are due; then the alarm is planned again, only for the work that remains.
   * While a managed turn runs, that is the watchdog, which also keeps the object awake meanwhile.
   */
  override async alarm(): Promise<void> {
    if (!this.schema.exists) return;
    this.alarms.fired();
    this.agent.expireLeases();
    this.prompts.resume();
    const state = this.meta.get();
    const now = Date.now();
    const webhooksDue = this.outbox.nextDue(now);
    // Only when a delivery is due: a watchdog alarm does not need the project's webhook list.
    if (state && webhooksDue !== null && webhooksDue <= now) await this.outbox.run({ id: state.row.id, projectId: state.row.project_id });
    await this.toolIndex.flush();
    this.alarms.plan();
  }

  private external(projectId: string): Result<SessionState> {
    const state = this.active(projectId);
    if (!state.ok) return state;
    if (state.value.runtime.type !== "external") {
      return fail(
        409,
        "runtime_not_external",
        'This session\'s prompts are answered by the gateway; create it with runtime {type: "external"} to attach an agent',
      );
    }
    return state;
  }

  /** The session, if it exists and belongs to the caller's project. */
  private owned(projectId: string): SessionState | null {
    const state = this.meta.get();
    return state && state.row.project_id === projectId ? state : null;
  }

  /** The session as an Result: the caller's, or not found. */
  private owns(projectId: string): Result<SessionState> {
    const state = this.owned(projectId);
    return state ? ok(state) : this.notFound();
  }

  /** Runs `then` when the guard passed, else answers with the guard's failure. */
  private when<T>(guard: Result<SessionState>, then: () => Result<T>): Result<T> {
    return guard.ok ? then() : guard;
  }

  private active(projectId: string): Result<SessionState> {
    const state = this.owned(projectId);
    if (!state) return this.notFound();
    if (state.row.status !== "active") return fail(409, "session_closed", `Session ${state.row.id} is ${state.row.status}`);
    return ok(state);
  }

  private notFound() {
    return fail(404, "session_not_found", "Session not found");
  }

  private requireState(): SessionState {
    const state = this.meta.get();
    if (!state) throw new Error("session meta missing after create");
    return state;
  }
}
