// The one result shape across the object boundary: a value, or a failure carrying everything the
// Worker's one error exit needs (status, catalogued code, message, extra body fields, protocol
// headers). Objects return failures as data, since a thrown error loses its status and code over RPC.
import type { ErrorCode } from "./error-codes";

export type FailureStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503 | 504;

export interface Failure {
  status: FailureStatus;
  code: ErrorCode;
  message: string;
  /** Fields the error body carries beside error, code and message (e.g. tool_name). */
  extra?: Record<string, string>;
  /** Headers a protocol mandates on this error (e.g. Durable Streams' Producer-Epoch on 403). */
  headers?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export function fail(
  status: FailureStatus,
  code: Failure["code"],
  message: string,
  extra?: Record<string, string>,
  headers?: Record<string, string>,
): { ok: false; error: Failure } {
  const error: Failure = { status, code, message };
  if (extra) error.extra = extra;
  if (headers) error.headers = headers;
  return { ok: false, error };
}
