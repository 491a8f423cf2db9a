// Idempotent producers (Durable Streams `Producer-Id`, `-Epoch`, `-Seq`): decides whether a write
// is new, a retry to acknowledge without writing, or out of order. Call check() and commit()
// inside the same transaction as the write they guard.
import type { ProducerHeaders, ProducerVerdict } from "../../src/shared/protocol/producers";

export type { ProducerHeaders, ProducerVerdict };

export const PRODUCERS_TABLE_SQL =
  "CREATE TABLE producers (id TEXT PRIMARY KEY, epoch INTEGER NOT NULL, last_seq INTEGER NOT NULL, updated_at INTEGER NOT NULL);";

export class ProducerStore {
  constructor(private readonly sql: SqlStorage) {}

  check(p: ProducerHeaders): ProducerVerdict {
    const state = this.sql.exec<{ epoch: number; last_seq: number }>("SELECT epoch, last_seq FROM producers WHERE id = ?", p.id).toArray()[0];
    if (!state) return p.seq === 0 ? { kind: "append" } : { kind: "sequence_gap", expectedSeq: 0, receivedSeq: p.seq };
    if (p.epoch < state.epoch) return { kind: "stale_epoch", currentEpoch: state.epoch };
    if (p.epoch > state.epoch) return p.seq === 0 ? { kind: "append" } : { kind: "invalid_epoch_seq" };
    if (p.seq <= state.last_seq) return { kind: "duplicate", lastSeq: state.last_seq };
    if (p.seq > state.last_seq + 1) return { kind: "sequence_gap", expectedSeq: state.last_seq + 1, receivedSeq: p.seq };
    return { kind: "append" };
  }

  commit(p: ProducerHeaders): void {
    this.sql.exec(
      "INSERT INTO producers (id, epoch, last_seq, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET epoch = excluded.epoch, last_seq = excluded.last_seq, updated_at = excluded.updated_at",
      p.id,
      p.epoch,
      p.seq,
      Date.now(),
    );
  }
}
