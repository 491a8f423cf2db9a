// Leases for the external runtime: an attached agent takes the next prompt for a bounded time,
// renews while it works, and completes once. An expired lease puts its prompt back in front.
import { randomBase62 } from "../../src/shared/ids";
import type { PromptQueue, QueueItem } from "./prompt-queue";

export const LEASE_TTL_MS = 60_000;

export interface Lease {
  leaseId: string;
  promptId: string;
  status: "active" | "completed" | "expired";
  expiresAt: number;
  /** When the agent took the prompt (unix ms): its turn's start. */
  takenAt: number;
}

type LeaseRow = { lease_id: string; prompt_id: string; status: Lease["status"]; expires_at: number; created_at: number };

const COLUMNS = "lease_id, prompt_id, status, expires_at, created_at";
const toLease = (row: LeaseRow): Lease => ({
  leaseId: row.lease_id,
  promptId: row.prompt_id,
  status: row.status,
  expiresAt: row.expires_at,
  takenAt: row.created_at,
});

export class AgentLeases {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly queue: PromptQueue,
    /** Called inside the write that takes or renews a lease, so its expiry alarm commits with it. */
    private readonly changed: () => void = () => {},
  ) {}

  /** Starts the next queued prompt under a new lease; null when nothing can start. */
  take(): { item: QueueItem; lease: Lease } | null {
    return this.storage.transactionSync(() => {
      const item = this.queue.start();
      if (!item) return null;
      const now = Date.now();
      const lease: Lease = { leaseId: `lse_${randomBase62(16)}`, promptId: item.promptId, status: "active", expiresAt: now + LEASE_TTL_MS, takenAt: now };
      this.storage.sql.exec(
        "INSERT INTO leases (lease_id, prompt_id, status, expires_at, created_at) VALUES (?, ?, 'active', ?, ?)",
        lease.leaseId,
        lease.promptId,
        lease.expiresAt,
        lease.takenAt,
      );
      this.changed();
      return { item, lease };
    });
  }

  get(leaseId: string): Lease | null {
    const row = this.storage.sql.exec<LeaseRow>(`SELECT ${COLUMNS} FROM leases WHERE lease_id = ?`, leaseId).toArray()[0];
    return row ? toLease(row) : null;
  }

  /** The active lease on a prompt, if any. */
  forPrompt(promptId: string): Lease | null {
    const row = this.storage.sql.exec<LeaseRow>(`SELECT ${COLUMNS} FROM leases WHERE prompt_id = ? AND status = 'active'`, promptId).toArray()[0];
    return row ? toLease(row) : null;
  }

  renew(leaseId: string): Lease {
    const expiresAt = Date.now() + LEASE_TTL_MS;
    this.storage.sql.exec("UPDATE leases SET expires_at = ? WHERE lease_id = ? AND status = 'active'", expiresAt, leaseId);
    this.changed();
    return { ...this.require(leaseId), expiresAt };
  }

  /** Marks the lease completed and finishes its prompt, atomically. */
  complete(leaseId: string, success: boolean): void {
    this.storage.transactionSync(() => {
      const lease = this.require(leaseId);
      this.storage.sql.exec("UPDATE leases SET status = 'completed' WHERE lease_id = ?", leaseId);
      this.queue.finish(lease.promptId, success ? "completed" : "failed");
    });
  }

  /** Ends the lease without finishing the prompt (it was cancelled elsewhere). */
  release(leaseId: string): void {
    this.storage.sql.exec("UPDATE leases SET status = 'completed' WHERE lease_id = ? AND status = 'active'", leaseId);
  }

  /**
   * Expires every lease past its deadline, requeueing its prompt in front; returns them. `expiring`
   * runs in each lease's write before the requeue (the log says the turn was aborted, then requeued).
   */
  expireDue(expiring: (lease: Lease) => void, now = Date.now()): Lease[] {
    const due = this.storage.sql.exec<LeaseRow>(`SELECT ${COLUMNS} FROM leases WHERE status = 'active' AND expires_at <= ?`, now).toArray().map(toLease);
    for (const lease of due) {
      this.storage.transactionSync(() => {
        this.storage.sql.exec("UPDATE leases SET status = 'expired' WHERE lease_id = ?", lease.leaseId);
        expiring(lease);
        this.queue.requeueFront(lease.promptId);
      });
    }
    return due;
  }

  nextDeadline(): number | null {
    return this.storage.sql.exec<{ t: number | null }>("SELECT MIN(expires_at) AS t FROM leases WHERE status = 'active'").one().t;
  }

  private require(leaseId: string): Lease {
    const lease = this.get(leaseId);
    if (!lease) throw new Error(`lease ${leaseId} vanished`);
    return lease;
  }
}
