// A stream object's write reply as an HTTP response: success is header-only; failures go through
// the one error exit with the flat body, keeping the protocol headers they must carry.
import type { StreamReply } from "../../shared/protocol/durable-streams";
import { failureError } from "../errors";

export function replyResponse(reply: StreamReply, extraHeaders: Record<string, string> = {}): Response {
  if (!reply.ok) throw failureError(reply.error);
  return new Response(null, { status: reply.value.status, headers: { ...reply.value.headers, ...extraHeaders } });
}
