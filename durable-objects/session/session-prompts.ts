// The prompt side of a session: submitting to the queue, the queue's controls, send waiting on its
// own prompt's turn and sendStream's starting point, and handing work to whichever runtime answers
// (the managed dispatcher, or an attached agent). Nothing here answers a waiter: every change is a
// log event (queue_updated, turn_aborted), and waiters read their turn's end from the log.
import { isErrorCode } from "../../src/shared/error-codes";
import { randomBase62 } from "../../src/shared/ids";
import type { SendResult } from "../../src/shared/schemas/tools";
import type { AgentRuntime } from "./agent-runtime";
import { RECOVERY_BOUND_MS } from "./alarm-planner";
import type { EventLog } from "./event-log";
import type { PromptQueue, PromptUser, QueueSnapshot } from "./prompt-queue";
import { fail, ok, type Result } from "../../src/shared/result";
import { DEFAULT_MAX_ITERATIONS } from "./runtime/turn-runner";
import type { SessionState } from "./session-meta";
import type { TurnWaiters } from "./transcript";
import type { TurnDispatcher } from "./turn-dispatcher";

export interface PromptInput {
  text: string;
  promptId?: string;
  user?: PromptUser;
}

export interface PromptAccepted {
  promptId: string;
  status: string;
  position: number;
}

/**
 * Where a sendStream's turn is read from: the prompt, the log record before its submission (the
 * Worker projects the log from there) and the runtime's iteration cap; or why it was refused
 * (answered as one `error` frame).
 */
export type StreamStart =
  { kind: "started"; promptId: string; afterSeq: number; maxIterations: number | null } | { kind: "refused"; code: string; message: string };

const newPromptId = () => `prm_${randomBase62(16)}`;

export class SessionPrompts {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly log: EventLog,
    private readonly queue: PromptQueue,
    private readonly dispatcher: TurnDispatcher,
    private readonly agent: AgentRuntime,
    private readonly waiters: TurnWaiters,
    private readonly state: () => SessionState | null,
  ) {}

  submit(input: PromptInput): Result<PromptAccepted> {
    const outcome = this.queue.submit({ promptId: input.promptId ?? newPromptId(), text: input.text, user: input.user });
    if (outcome.kind === "full") return fail(429, "queue_full", "The session's prompt queue is full; retry when it drains");
    this.kick();
    return ok({ promptId: outcome.promptId, status: outcome.status, position: outcome.position });
  }

  cancel(promptId: string): Result<{ promptId: string; status: string }> {
    const outcome = this.queue.cancel(promptId);
    if (outcome === "not_found") return fail(404, "prompt_not_found", `Prompt ${promptId} not found`);
    if (outcome === "finished") return fail(409, "prompt_finished", `Prompt ${promptId} has already finished`);
    if (outcome === "running") this.abortRunning(promptId, "cancelled");
    return ok({ promptId, status: outcome === "running" ? "aborting" : "cancelled" });
  }

  reorder(order: string[]): Result<QueueSnapshot> {
    if (!this.queue.reorder(order)) return fail(400, "invalid_order", "order must list exactly the queued prompt ids, each once");
    return ok(this.queue.snapshot());
  }

  setPaused(paused: boolean): Result<QueueSnapshot> {
    this.queue.setPaused(paused);
    if (!paused) this.kick();
    return ok(this.queue.snapshot());
  }

  /** Clears the queue (the snapshot that no longer holds them ends the cleared prompts' waits). */
  clear(): number {
    return this.queue.clear();
  }

  /** send: enqueue the message and answer with exactly that prompt's turn, waiting behind others. */
  async send(message: string): Promise<Result<SendResult>> {
    const promptId = newPromptId();
    const end = this.waiters.wait(promptId, this.maxIterations());
    const accepted = this.submit({ text: message, promptId });
    if (!accepted.ok) {
      this.waiters.forget(promptId);
      return accepted;
    }
    const outcome = await end;
    if (outcome.ok) return ok(outcome.result);
    // An external agent may report codes of its own: they reach the caller beside a catalogued one.
    if (isErrorCode(outcome.code)) return fail(502, outcome.code, outcome.message);
    return fail(502, "agent_failed", outcome.message, { agent_code: outcome.code });
  }

  /** sendStream: enqueue the message; the Worker streams its turn by projecting the log after `afterSeq`. */
  startStream(message: string): StreamStart {
    const afterSeq = this.log.lastSeq();
    const accepted = this.submit({ text: message });
    if (!accepted.ok) return { kind: "refused", code: accepted.error.code, message: accepted.error.message };
    return { kind: "started", promptId: accepted.value.promptId, afterSeq, maxIterations: this.maxIterations() };
  }

  /** Ends the session's prompt work: the running turn is aborted and the queue cleared. */
  closeAll(reason: string): void {
    const running = this.queue.running();
    if (running) this.abortRunning(running.promptId, reason);
    this.clear();
  }

  /** Hands queued prompts to the runtime: the managed runner starts them, external agents are woken. */
  kick(): void {
    const state = this.state();
    if (state?.row.status !== "active") return;
    if (state.runtime.type === "external") this.agent.promptsChanged();
    else this.ctx.waitUntil(this.dispatcher.pump());
  }

  /**
   * The watchdog deadline for managed work: while a turn runs, or prompts wait that may start, the
   * alarm stays within RECOVERY_BOUND_MS, so after a crash the object wakes by itself and resumes
   * them (an external session's prompts wait for an agent: nothing to run; a closed one, nothing).
   */
  recoveryDeadline(nowMs: number): number | null {
    const state = this.state();
    if (state?.row.status !== "active" || state.runtime.type !== "managed") return null;
    return this.queue.hasWork() ? nowMs + RECOVERY_BOUND_MS : null;
  }

  /** The alarm's part: resume the queue; a managed turn marked running that this instance does not run is requeued first. */
  resume(): void {
    if (!this.dispatcher.busy) this.recoverInterruptedTurn("its run ended without finishing it; requeued");
    this.kick();
  }

  /** A managed turn cut off by an object restart goes back to the front of the queue; true when work waits. */
  recoverInterruptedTurn(reason = "interrupted by a restart; requeued"): boolean {
    const state = this.state();
    if (!state || state.runtime.type !== "managed") return false;
    const running = this.queue.running();
    if (running) {
      this.log.append([{ type: "turn_aborted", promptId: running.promptId, reason }]);
      this.queue.requeueFront(running.promptId);
    }
    return state.row.status === "active" && this.queue.hasWork();
  }

  /** Aborts a running prompt, whichever runtime runs it. */
  private abortRunning(promptId: string, reason: string): void {
    if (this.dispatcher.abort(promptId, reason)) return;
    const lease = this.agent.leases.forPrompt(promptId);
    if (lease) this.agent.leases.release(lease.leaseId);
    this.ctx.storage.transactionSync(() => {
      this.log.append([{ type: "turn_aborted", promptId, reason }]);
      this.queue.finish(promptId, "cancelled");
    });
  }

  /** The managed runtime's iteration cap (SendResult.iterations is counted against it); none for agents. */
  private maxIterations(): number | null {
    const runtime = this.state()?.runtime;
    return runtime?.type === "managed" ? (runtime.max_iterations ?? DEFAULT_MAX_ITERATIONS) : null;
  }
}
