// Stream-Total-Size, which `capi export` reads on HEAD as the number of messages a stream already
// holds (absent means 0): messages for JSON-mode logs, bytes for any other content type. Not part of
// the Durable Streams protocol text; served on HEAD and on every read response of a log that counts.
import { isJsonType } from "../../shared/protocol/durable-streams";
import { payloadSize } from "../../shared/protocol/json-mode";

export const TOTAL_SIZE_HEADER = "Stream-Total-Size";

/** The header for a log's info, or none when the log does not count its size. */
export const totalSizeHeaders = (info: { totalSize?: number }): Record<string, string> =>
  info.totalSize === undefined ? {} : { [TOTAL_SIZE_HEADER]: String(info.totalSize) };

/** The size after a live frame's payload (records appended after the size was read) is added. */
export function grownBy(info: { contentType: string; totalSize?: number }, payload: Uint8Array): number | undefined {
  return info.totalSize === undefined ? undefined : info.totalSize + payloadSize(payload, isJsonType(info.contentType));
}
