// SessionDO: one per session. A thin shell that migrates its SQLite schema and exposes RPC methods;
// the logic lives in EventLog, SessionMeta, ToolCallStore, ToolExecutor and the turn runner.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../src/env";
import { encodeSendFrame, type SendFrame } from "../../src/lib/send-frames";
import type { SessionDetail, SessionRow } from "../../src/schemas/sessions";
import type { Connections, SendResult, ToolCallRow, ToolResult } from "../../src/schemas/tools";
import { migrate } from "../lib/migrations";
import { EventLog, type ReadResult } from "./event-log";
import { fail, ok, type RpcResult } from "./rpc";
import { LocalProvider } from "./runtime/local-provider";
import { DEFAULT_MAX_ITERATIONS, runTurn, type TurnContext } from "./runtime/turn-runner";
import { SESSION_MIGRATIONS } from "./schema";
import { SessionMeta, toDetail, type SessionInit, type SessionState } from "./session-meta";
import { ToolCallStore } from "./tool-calls";
import { ToolExecutor } from "./tool-executor";
import { SessionTools } from "./tools";

const MAX_LOG_ROWS = 1_000;
const encoder = new TextEncoder();

export class SessionDO extends DurableObject<Env> {
  private readonly log: EventLog;
  private readonly meta: SessionMeta;
  private readonly toolCalls: ToolCallStore;
  private readonly executor: ToolExecutor;
  /** Turns run one at a time, in arrival order. */
  private turnChain: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const { sql } = ctx.storage;
    this.log = new EventLog(sql);
    this.meta = new SessionMeta(sql);
    this.toolCalls = new ToolCallStore(sql);
    this.executor = new ToolExecutor(ctx.storage, this.log, this.toolCalls);
    void ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage, SESSION_MIGRATIONS);
    });
  }

  /** Idempotent: a second create with the same id returns the session as it is. */
  create(init: SessionInit): SessionRow {
    const existing = this.meta.get();
    if (existing) return existing.row;
    this.ctx.storage.transactionSync(() => {
      this.meta.insert(init);
      this.log.append([{ type: "session_init", sessionId: init.id, agent: "codespar-gateway", model: new LocalProvider().model, runtime: "managed" }]);
    });
    return this.requireState().row;
  }

  describe(projectId: string): RpcResult<SessionDetail> {
    const state = this.owned(projectId);
    return state ? ok(toDetail(state, this.toolCalls.count())) : this.notFound();
  }

  /** Idempotent: closing a closed session changes nothing and appends nothing. */
  close(projectId: string): RpcResult<SessionRow> {
    const state = this.owned(projectId);
    if (!state) return this.notFound();
    if (state.row.status === "active") {
      this.ctx.storage.transactionSync(() => {
        this.meta.setStatus("closed", new Date().toISOString());
        this.log.append([{ type: "session_end", reason: "closed" }]);
      });
    }
    return ok(this.requireState().row);
  }

  async execute(projectId: string, tool: string, input: unknown): Promise<RpcResult<ToolResult>> {
    const state = this.active(projectId);
    if (!state.ok) return state;
    const executed = await this.executor.execute(new SessionTools(state.value.row.servers), tool, input);
    return ok(executed.result);
  }

  async send(projectId: string, message: string): Promise<RpcResult<SendResult>> {
    const state = this.active(projectId);
    if (!state.ok) return state;
    const outcome = await this.enqueueTurn(() => runTurn(this.turnContext(state.value), message, () => {}));
    return outcome.ok ? ok(outcome.result) : fail(502, outcome.code, outcome.message);
  }

  /** The turn's wire frames as a byte stream. The turn runs to the end even if the reader leaves. */
  sendStream(projectId: string, message: string): RpcResult<ReadableStream<Uint8Array>> {
    const state = this.active(projectId);
    if (!state.ok) return state;
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const emit = (frame: SendFrame) => void writer.write(encoder.encode(encodeSendFrame(frame))).catch(() => {});
    const turn = this.enqueueTurn(() => runTurn(this.turnContext(state.value), message, emit));
    this.ctx.waitUntil(turn.finally(() => writer.close().catch(() => {})));
    return ok(readable);
  }

  toolLogs(projectId: string): RpcResult<ToolCallRow[]> {
    const state = this.owned(projectId);
    return state ? ok(this.toolCalls.list(state.row.id, MAX_LOG_ROWS)) : this.notFound();
  }

  connections(projectId: string): RpcResult<Connections> {
    const state = this.owned(projectId);
    return state ? ok(new SessionTools(state.row.servers).connections()) : this.notFound();
  }

  readEvents(projectId: string, offset: string, limit: number): RpcResult<ReadResult> {
    if (!this.owned(projectId)) return this.notFound();
    const result = this.log.read(offset, limit);
    return result ? ok(result) : fail(400, "invalid_offset", `Offset ${offset} is not a valid offset for this log`);
  }

  private turnContext(state: SessionState): TurnContext {
    const tools = new SessionTools(state.row.servers);
    return {
      provider: new LocalProvider(),
      maxIterations: DEFAULT_MAX_ITERATIONS,
      tools: () => tools.list(),
      execute: (name, input) => this.executor.execute(tools, name, input),
      append: (events) => {
        this.log.append(events);
      },
    };
  }

  private enqueueTurn<T>(run: () => Promise<T>): Promise<T> {
    const next = this.turnChain.then(run, run);
    this.turnChain = next.catch(() => {});
    return next;
  }

  /** The session, if it exists and belongs to the caller's project. */
  private owned(projectId: string): SessionState | null {
    const state = this.meta.get();
    return state && state.row.project_id === projectId ? state : null;
  }

  private active(projectId: string): RpcResult<SessionState> {
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
