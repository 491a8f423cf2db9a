// Generic Durable Streams at /v1/stream/<path>, scoped to the caller's project: PUT creates (or
// forks), POST appends or closes, GET reads (catch-up, long-poll, SSE), HEAD describes, DELETE removes.
import type { Context } from "hono";
import { formatOffset } from "../shared/protocol/offsets";
import { H } from "../shared/protocol/durable-streams";
import type { AppEnv } from "../env";
import type { LogSource } from "../lib/live/hub";
import { serveRead } from "../lib/live/serve";
import { failureError } from "../lib/errors";
import { openLiveSocket } from "../lib/live/socket";
import { createRouter } from "../lib/router";
import type { Level } from "../shared/scopes";
import { replyResponse } from "../lib/streams/reply";
import { appendArgs, createArgs, readQuery, streamPath } from "../lib/streams/request";
import { streamStub } from "../lib/stream-stub";
import { assertScope } from "../middleware/scope";

export const streams = createRouter();

/** The stream the request names, once the caller's scopes allow `level` on its path. */
function target(c: Context<AppEnv>, level: Level) {
  const projectId = c.get("principal").project.id;
  const path = streamPath(new URL(c.req.url).pathname);
  assertScope(c, { resource: "streams", level, path });
  return { projectId, path, stub: streamStub(c.env, projectId, path) };
}

export function streamSource(c: Context<AppEnv>): LogSource {
  const { projectId, path, stub } = target(c, "read");
  return { key: `stream:${projectId}/${path}`, read: (from) => stub.read(from), connect: () => openLiveSocket(stub) };
}

streams.put("/*", async (c) => {
  const { projectId, path, stub } = target(c, "append");
  const args = await createArgs(c, projectId, path);
  // A fork copies its source, so it needs read access there too.
  if (args.fork) assertScope(c, { resource: "streams", level: "read", path: args.fork.source });
  const reply = await stub.create(args);
  return replyResponse(reply, reply.ok && reply.value.status === 201 ? { Location: new URL(c.req.url).href.split("?")[0] ?? "" } : {});
});

streams.post("/*", async (c) => {
  const { stub } = target(c, "append");
  return replyResponse(await stub.append(await appendArgs(c)));
});

streams.delete("/*", async (c) => replyResponse(await target(c, "write").stub.remove()));

streams.get("/*", async (c) => {
  if (c.req.method === "HEAD") {
    const head = await target(c, "read").stub.head();
    if (!head.ok) throw failureError(head.error);
    const info = head.value;
    const headers: Record<string, string> = {
      "Content-Type": info.contentType,
      [H.nextOffset]: formatOffset(info.tailSeq),
      "Cache-Control": "no-store",
      ETag: `"${info.incarnation}:-1:${info.tailSeq}${info.closed ? ":c" : ""}"`,
    };
    if (info.closed) headers[H.closed] = "true";
    if (info.ttlSeconds !== null) headers[H.ttl] = String(info.ttlSeconds);
    if (info.expiresAt !== null) headers[H.expiresAt] = info.expiresAt;
    return new Response(null, { status: 200, headers });
  }
  return serveRead(c, streamSource(c), readQuery(c), { longPollTimeoutMs: Number(c.env.LONG_POLL_TIMEOUT_MS) });
});
