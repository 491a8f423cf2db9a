// Idempotent producers (Durable Streams `Producer-Id`, `-Epoch`, `-Seq`): the verdict on a write and
// the failure each refusal answers with, the same for generic streams and a session's agent events.
import { H } from "./durable-streams";
import { fail, type Failure } from "../result";

export interface ProducerHeaders {
  id: string;
  epoch: number;
  seq: number;
}

export type ProducerVerdict =
  | { kind: "append" }
  | { kind: "duplicate"; lastSeq: number }
  | { kind: "stale_epoch"; currentEpoch: number }
  | { kind: "invalid_epoch_seq" }
  | { kind: "sequence_gap"; expectedSeq: number; receivedSeq: number };

/** The failure for a refused write; null for one that appends or is acknowledged as a duplicate. */
export function producerRefusal(verdict: ProducerVerdict): { ok: false; error: Failure } | null {
  switch (verdict.kind) {
    case "append":
    case "duplicate":
      return null;
    case "stale_epoch":
      return fail(403, "stale_producer_epoch", `Producer epoch is stale; the current epoch is ${verdict.currentEpoch}`, undefined, {
        [H.producerEpoch]: String(verdict.currentEpoch),
      });
    case "invalid_epoch_seq":
      return fail(400, "invalid_producer_seq", "A new producer epoch must start at Producer-Seq 0");
    case "sequence_gap":
      return fail(409, "producer_sequence_gap", `Expected Producer-Seq ${verdict.expectedSeq}, received ${verdict.receivedSeq}`, undefined, {
        [H.producerExpectedSeq]: String(verdict.expectedSeq),
        [H.producerReceivedSeq]: String(verdict.receivedSeq),
      });
  }
}
