// A stream object's write reply as an HTTP response: success is header-only; failures go through
// the one error exit with the flat body, keeping the protocol headers they must carry.
import type { StreamReply } from "../../shared/protocol/durable-streams";
import { ApiError } from "../errors";

export function replyResponse(reply: StreamReply, extraHeaders: Record<string, string> = {}): Response {
  if (reply.error !== undefined) throw new ApiError(reply.status, reply.error.code, reply.error.message, {}, reply.headers);
  return new Response(null, { status: reply.status, headers: { ...reply.headers, ...extraHeaders } });
}
