// Durable Streams idempotent-producer headers on a session's agent events: parsing (all three or
// none) and the HTTP answer for each verdict (refusals through the one error exit).
import type { Context } from "hono";
import { producerRefusal, type ProducerHeaders, type ProducerVerdict } from "../shared/protocol/producers";
import { ApiError, failureError } from "./errors";

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

/** A 204 for a duplicate, null when the write went through; a refusal is thrown to the error exit. */
export function producerRejection(c: Context, verdict: ProducerVerdict): Response | null {
  const refused = producerRefusal(verdict);
  if (refused) throw failureError(refused.error);
  return verdict.kind === "duplicate" ? c.body(null, 204) : null;
}
