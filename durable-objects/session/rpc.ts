// Results of the session object's RPC methods. Errors cross the RPC boundary as data (a thrown
// error would lose its status and code), and the Worker turns them into API errors.
export interface RpcFailure {
  status: 400 | 404 | 409 | 422 | 429 | 502;
  code: string;
  message: string;
  /** Fields the error body carries beside error, code and message (e.g. tool_name). */
  extra?: Record<string, string>;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcFailure };

export const ok = <T>(value: T): RpcResult<T> => ({ ok: true, value });
export const fail = (status: RpcFailure["status"], code: string, message: string, extra?: Record<string, string>): { ok: false; error: RpcFailure } => ({
  ok: false,
  error: extra ? { status, code, message, extra } : { status, code, message },
});
