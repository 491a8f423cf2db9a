// The session object's RPC results: the shared result shape (src/shared/result.ts).
export { fail, ok, type Failure as RpcFailure, type Result as RpcResult } from "../../src/shared/result";
