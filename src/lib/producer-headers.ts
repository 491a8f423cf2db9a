// Durable Streams idempotent-producer headers: parsing (all three or none) and the HTTP answer
// for each producer verdict.
import type { Context } from "hono";
import type { ProducerHeaders, ProducerVerdict } from "../../durable-objects/lib/producers";
import { ApiError, errorBody } from "./errors";

const NON_NEGATIVE_INTEGER = /^(0|[1-9]\d{0,15})$/;

export function parseProducerHeaders(headers: Headers): ProducerHeaders | null {
  const id = headers.get("producer-id");
  const epoch = headers.get("producer-epoch");
  const seq = headers.get("producer-seq");
  if (id === null && epoch === null && seq === null) return null;
  if (!id || epoch === null || seq === null || !NON_NEGATIVE_INTEGER.test(epoch) || !NON_NEGATIVE_INTEGER.test(seq)) {
    throw new ApiError(400, "invalid_producer_headers", "Send Producer-Id, Producer-Epoch and Producer-Seq together, epoch and seq as non-negative integers");
  }
  return { id, epoch: Number(epoch), seq: Number(seq) };
}

/** The response for a verdict other than "append", or null when the write went through. */
export function producerRejection(c: Context, verdict: ProducerVerdict): Response | null {
  switch (verdict.kind) {
    case "append":
      return null;
    case "duplicate":
      return c.body(null, 204);
    case "stale_epoch":
      c.header("Producer-Epoch", String(verdict.currentEpoch));
      return c.json(errorBody("stale_producer_epoch", `Producer epoch is stale; current epoch is ${verdict.currentEpoch}`), 403);
    case "invalid_epoch_seq":
      return c.json(errorBody("invalid_producer_seq", "A new producer epoch must start at Producer-Seq 0"), 400);
    case "sequence_gap":
      c.header("Producer-Expected-Seq", String(verdict.expectedSeq));
      c.header("Producer-Received-Seq", String(verdict.receivedSeq));
      return c.json(errorBody("producer_sequence_gap", `Expected Producer-Seq ${verdict.expectedSeq}, received ${verdict.receivedSeq}`), 409);
  }
}
