// The external runtime: an attached agent leases prompts, appends its own events (idempotent
// producers), answers permission requests' outcomes from the log, and completes each turn once.
// Like a managed turn, its output is only the log: send / sendStream project it (transcript.ts).
import type { LeaseGrant } from "../../src/shared/schemas/agent";
import type { NewSessionEvent } from "../../src/shared/schemas/events";
import { ProducerStore, type ProducerHeaders, type ProducerVerdict } from "../lib/producers";
import { AgentLeases, type Lease } from "./agent-leases";
import type { EventLog } from "./event-log";
import { type OptionProblem, optionProblem, PermissionRequests, type PermissionState } from "./permissions";
import type { PermissionDecision } from "../../src/shared/schemas/agent";
import type { PromptQueue } from "./prompt-queue";
import type { Usage } from "./runtime/types";
import { fail, ok, type Result } from "../../src/shared/result";
import { Waiters } from "./waiters";

export const MAX_WAIT_MS = 30_000;

export type { LeaseGrant };

export type LeaseError = "lease_not_found" | "lease_completed" | "lease_expired";

export class AgentRuntime {
  readonly leases: AgentLeases;
  readonly permissions: PermissionRequests;
  private readonly producers: ProducerStore;
  private readonly leaseWaiters = new Waiters();
  private readonly permissionWaiters = new Waiters();

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly log: EventLog,
    queue: PromptQueue,
    leasesChanged: () => void = () => {},
  ) {
    this.leases = new AgentLeases(storage, queue, leasesChanged);
    this.permissions = new PermissionRequests(storage.sql);
    this.producers = new ProducerStore(storage.sql);
  }

  /** A prompt may be waiting: wake agents blocked in lease(). */
  promptsChanged(): void {
    this.leaseWaiters.notifyAll();
  }

  async lease(waitMs: number): Promise<LeaseGrant | null> {
    const deadline = Date.now() + Math.min(waitMs, MAX_WAIT_MS);
    for (;;) {
      const taken = this.leases.take();
      if (taken) {
        const { item, lease } = taken;
        this.log.append([{ type: "user_message", text: item.text, promptId: item.promptId, user: item.user }]);
        return {
          promptId: item.promptId,
          text: item.text,
          user: item.user ?? null,
          leaseId: lease.leaseId,
          leaseExpiresAt: new Date(lease.expiresAt).toISOString(),
        };
      }
      if (!(await this.leaseWaiters.wait(deadline - Date.now()))) return null;
    }
  }

  renew(leaseId: string): Result<{ leaseId: string; leaseExpiresAt: string }> {
    const lease = this.checkLease(leaseId);
    if (typeof lease === "string") return leaseFailure(lease);
    const renewed = this.leases.renew(leaseId);
    return ok({ leaseId, leaseExpiresAt: new Date(renewed.expiresAt).toISOString() });
  }

  /** Ends a leased turn once; a completed or expired lease cannot complete. */
  completeLease(leaseId: string, success: boolean, usage: (Usage & { costUsd?: number }) | undefined): Result<{ promptId: string }> {
    const lease = this.checkLease(leaseId);
    if (typeof lease === "string") return leaseFailure(lease);
    this.complete(lease, success, usage);
    return ok({ promptId: lease.promptId });
  }

  answer(requestId: string, answer: PermissionDecision): Result<PermissionState> {
    const answered = this.answerPermission(requestId, answer);
    if (answered === "not_found") return permissionNotFound(requestId);
    if (answered === "answered") return fail(409, "permission_already_answered", `Permission request ${requestId} was already answered`);
    if (answered === "option_unknown") return fail(400, "permission_option_invalid", `Permission request ${requestId} has no option ${answer.optionId ?? ""}`);
    if (answered === "option_mismatch") return fail(400, "permission_option_invalid", `Option ${answer.optionId ?? ""} does not mean "${answer.decision}"`);
    return ok(answered);
  }

  async permission(requestId: string, waitMs: number): Promise<Result<PermissionState>> {
    const state = await this.awaitPermission(requestId, waitMs);
    return state ? ok(state) : permissionNotFound(requestId);
  }

  checkLease(leaseId: string): Lease | LeaseError {
    const lease = this.leases.get(leaseId);
    if (!lease) return "lease_not_found";
    if (lease.status === "completed") return "lease_completed";
    if (lease.status === "expired" || lease.expiresAt <= Date.now()) return "lease_expired";
    return lease;
  }

  /** Appends the agent's events atomically with the producer check; duplicates append nothing. */
  appendEvents(events: NewSessionEvent[], producer: ProducerHeaders | null): ProducerVerdict {
    const verdict = this.storage.transactionSync(() => {
      const check = producer ? this.producers.check(producer) : { kind: "append" as const };
      if (check.kind !== "append") return check;
      this.log.append(events);
      for (const event of events) {
        if (event.type === "permission_request") this.permissions.track(event.requestId, event.tool, event.input, event.options);
      }
      if (producer) this.producers.commit(producer);
      return check;
    });
    return verdict;
  }

  private complete(lease: Lease, success: boolean, usage: (Usage & { costUsd?: number }) | undefined): void {
    this.storage.transactionSync(() => {
      this.log.append([
        {
          type: "turn_complete",
          promptId: lease.promptId,
          success,
          durationMs: Date.now() - lease.takenAt,
          usage: usage ? { ...usage, costUsd: usage.costUsd ?? 0 } : undefined,
        },
      ]);
      this.leases.complete(lease.leaseId, success);
    });
  }

  /** Expires overdue leases; the log says each turn was aborted, then its prompt goes back in front. */
  expireLeases(): number {
    const expired = this.leases.expireDue((lease) => {
      this.log.append([{ type: "turn_aborted", promptId: lease.promptId, reason: "lease expired; prompt requeued" }]);
    });
    if (expired.length > 0) this.promptsChanged();
    return expired.length;
  }

  private answerPermission(requestId: string, answer: PermissionDecision): PermissionState | "not_found" | "answered" | OptionProblem {
    const state = this.permissions.get(requestId);
    if (!state) return "not_found";
    if (state.status === "answered") return "answered";
    const problem = answer.optionId === undefined ? null : optionProblem(this.permissions.options(requestId), answer.optionId, answer.decision);
    if (problem) return problem;
    const { decision, optionId, message, user } = answer;
    this.storage.transactionSync(() => {
      this.permissions.answer(requestId, decision, optionId, message);
      this.log.append([{ type: "permission_response", requestId, decision, optionId, message, user }]);
    });
    this.permissionWaiters.notifyAll();
    return this.permissions.get(requestId) ?? "not_found";
  }

  /** Long-poll: returns once the request is answered or the wait runs out. */
  private async awaitPermission(requestId: string, waitMs: number): Promise<PermissionState | null> {
    const deadline = Date.now() + Math.min(waitMs, MAX_WAIT_MS);
    for (;;) {
      const state = this.permissions.get(requestId);
      if (!state || state.status === "answered") return state;
      if (!(await this.permissionWaiters.wait(deadline - Date.now()))) return this.permissions.get(requestId);
    }
  }
}

function leaseFailure(error: LeaseError) {
  if (error === "lease_not_found") return fail(404, error, "No such lease");
  return fail(409, error, error === "lease_completed" ? "This lease was already completed" : "This lease has expired; its prompt was requeued");
}

const permissionNotFound = (requestId: string) => fail(404, "permission_request_not_found", `Permission request ${requestId} not found`);
