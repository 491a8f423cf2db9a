// A snapshot share's view of a session log: the records up to the share's bound and never more, as a
// log closed at that bound (so SSE and long-poll readers end there instead of following the tail).
import { parseOffset } from "../../shared/protocol/offsets";
import { failure } from "../../shared/protocol/durable-streams";
import { ok } from "../../shared/result";
import type { LogSource, SourceReply } from "./hub";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const offsetOf = (record: unknown): string | null =>
  typeof record === "object" && record !== null && "offset" in record && typeof record.offset === "string" ? record.offset : null;

/** A JSON page's comma-joined records, keeping those at or before `bound` (an offset). */
function truncatePayload(payload: Uint8Array, bound: string): Uint8Array {
  const records: unknown = JSON.parse(`[${decoder.decode(payload)}]`);
  const kept = (Array.isArray(records) ? records : []).filter((record) => {
    const offset = offsetOf(record);
    return offset !== null && offset <= bound;
  });
  return encoder.encode(kept.map((record) => JSON.stringify(record)).join(","));
}

/**
 * The log up to `upToOffset`. `totalSizeAtBound` is its Stream-Total-Size there, when the caller
 * knows it; otherwise the snapshot has none (the whole log's size would say more than it shows).
 */
export function snapshotSource(source: LogSource, upToOffset: string, totalSizeAtBound?: number): LogSource {
  const boundSeq = parseOffset(upToOffset) ?? 0;
  return {
    key: source.key,
    connect: () => source.connect(),
    async read(from): Promise<SourceReply> {
      if (from !== "now" && from > boundSeq) {
        return failure(400, "offset_out_of_range", "This offset is past the end of this snapshot");
      }
      const reply = await source.read(from === "now" ? boundSeq : from);
      if (!reply.ok) return reply;
      const { page } = reply.value;
      const info = { ...reply.value.info, tailSeq: boundSeq, closed: true, totalSize: totalSizeAtBound };
      if (page.endSeq <= boundSeq) return ok({ info, page: { ...page, upToDate: page.endSeq >= boundSeq } });
      return ok({ info, page: { afterSeq: page.afterSeq, endSeq: boundSeq, payload: truncatePayload(page.payload, upToOffset), upToDate: true } });
    },
  };
}
