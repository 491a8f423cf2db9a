// The Durable Streams protocol vocabulary shared by the Worker and the objects: header names, the
// replies objects hand back for writes, and what a read returns (one page of a log plus its state).
// Replies are the shared Result (src/shared/result.ts), so one converter turns any failure into the
// flat error body.
import type { ErrorCode } from "../error-codes";
import { fail, ok, type Failure, type FailureStatus, type Result } from "../result";
export const H = {
  nextOffset: "Stream-Next-Offset",
  upToDate: "Stream-Up-To-Date",
  cursor: "Stream-Cursor",
  closed: "Stream-Closed",
  ttl: "Stream-TTL",
  expiresAt: "Stream-Expires-At",
  seq: "Stream-Seq",
  sseEncoding: "Stream-SSE-Data-Encoding",
  forkedFrom: "Stream-Forked-From",
  forkOffset: "Stream-Fork-Offset",
  forkSubOffset: "Stream-Fork-Sub-Offset",
  producerId: "Producer-Id",
  producerEpoch: "Producer-Epoch",
  producerSeq: "Producer-Seq",
  producerExpectedSeq: "Producer-Expected-Seq",
  producerReceivedSeq: "Producer-Received-Seq",
} as const;

/** Headers a browser may send on stream requests (CORS preflight). */
export const REQUEST_HEADERS = [
  "If-None-Match",
  H.seq,
  H.ttl,
  H.expiresAt,
  H.closed,
  H.forkedFrom,
  H.forkOffset,
  H.forkSubOffset,
  H.producerId,
  H.producerEpoch,
  H.producerSeq,
];

/** Response headers a browser client must be able to read. */
export const EXPOSED_HEADERS = [
  H.nextOffset,
  H.upToDate,
  H.cursor,
  H.closed,
  H.ttl,
  H.expiresAt,
  H.sseEncoding,
  H.producerEpoch,
  H.producerSeq,
  H.producerExpectedSeq,
  H.producerReceivedSeq,
  // Not in the protocol text: capi reads it (src/lib/streams/total-size.ts).
  "Stream-Total-Size",
  "ETag",
  "Location",
];

/** A write that went through: its status and the protocol headers it answers with. */
export interface Written {
  status: 200 | 201 | 204;
  headers: Record<string, string>;
}

/** The outcome of a write (create, append, close, delete). Failures may carry protocol headers too. */
export type StreamReply = Result<Written>;

export const reply = (status: Written["status"], headers: Record<string, string> = {}): StreamReply => ok({ status, headers });
export const failure = (status: FailureStatus, code: ErrorCode, message: string, headers?: Record<string, string>): { ok: false; error: Failure } =>
  fail(status, code, message, undefined, headers);

/** What a reader needs to know about a log besides its bytes. */
export interface LogInfo {
  contentType: string;
  /** Changes whenever a stream is created again at the same name; part of every ETag. */
  incarnation: string;
  tailSeq: number;
  closed: boolean;
  ttlSeconds: number | null;
  expiresAt: string | null;
}

/** Records after `afterSeq` up to `endSeq`: raw bytes, or for JSON logs the messages joined by commas. */
export interface LogPage {
  afterSeq: number;
  endSeq: number;
  payload: Uint8Array;
  upToDate: boolean;
}

/** A read: the log's state and the page read. */
export interface LogRead {
  info: LogInfo;
  page: LogPage;
}
export type ReadReply = Result<LogRead>;
export type InfoReply = Result<LogInfo>;

export const readPage = (info: LogInfo, page: LogPage): ReadReply => ok({ info, page });

/** Where a read starts: after a sequence number, or at the tail ("now"). */
export type ReadFrom = number | "now";

export const isJsonType = (contentType: string) => normalizeContentType(contentType) === "application/json";

/** The media type alone, lower-cased: "Application/JSON; charset=utf-8" -> "application/json". */
export function normalizeContentType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}
