// Generic Durable Streams at /v1/stream/<path>, scoped to the caller's project: PUT creates (or
// forks), POST appends or closes, GET reads (catch-up, long-poll, SSE), HEAD describes, DELETE removes.
// HEAD and GET carry Stream-Total-Size; GET ?offset=compact answers 307 to offset=-1 (no checkpoints).
import type { Context } from "hono";
import { formatOffset, parseOffset } from "../shared/protocol/offsets";
import { ok, type Result } from "../shared/result";
import { snapshotSource } from "../lib/live/snapshot-source";
import { assertViewerPrompt, streamShareRecheck } from "../services/stream-viewer";
import { H, type ReadFrom } from "../shared/protocol/durable-streams";
import type { ReadSize } from "../../durable-objects/stream/types";
import type { AppEnv } from "../env";
import type { LogSource, SourceInfo } from "../lib/live/hub";
import { serveRead } from "../lib/live/serve";
import { failureError } from "../lib/errors";
import { openLiveSocket } from "../lib/live/socket";
import { createRouter } from "../lib/router";
import type { Level } from "../shared/scopes";
import { replyResponse } from "../lib/streams/reply";
import { appendArgs, compactRequested, createArgs, readQuery, streamPath } from "../lib/streams/request";
import { totalSizeHeaders } from "../lib/streams/total-size";
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

/** What a HEAD or GET reads: the log, and its metadata without a read (HEAD does not extend a TTL). */
export interface StreamView {
  source: LogSource;
  head(): Promise<Result<SourceInfo>>;
}

/**
 * The one place a reader's view of the stream is chosen, for HEAD, GET and ?offset=compact alike:
 * the whole stream, or for a snapshot share's viewer the stream up to its bound, closed there (the
 * object stops each read at the bound; snapshotSource makes the view end there).
 */
export function streamView(c: Context<AppEnv>, size: ReadSize): StreamView {
  const { projectId, path, stub } = target(c, "read");
  const bound = c.get("viewer")?.upToOffset ?? null;
  const boundSeq = bound === null ? undefined : (parseOffset(bound) ?? 0);
  const whole: LogSource = {
    key: `stream:${projectId}/${path}`,
    // `size` bounds each read: a plain GET reads "whole" (WHOLE_READ_BYTES), live readers a page.
    read: (from: ReadFrom) => stub.read(from, size, boundSeq),
    connect: () => openLiveSocket(stub),
  };
  if (bound === null || boundSeq === undefined) return { source: whole, head: () => stub.head() };
  const head = async (): Promise<Result<SourceInfo>> => {
    const reply = await stub.head();
    return reply.ok ? ok({ ...reply.value, tailSeq: Math.min(reply.value.tailSeq, boundSeq), closed: true, totalSize: undefined }) : reply;
  };
  return { source: snapshotSource(whole, bound), head };
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
  // A share link's viewer appends only its prompts (viewer-auth bound it to `<stream>/prompts`).
  if (c.get("viewer")) await assertViewerPrompt(c);
  return replyResponse(await stub.append(await appendArgs(c)));
});

streams.delete("/*", async (c) => replyResponse(await target(c, "write").stub.remove()));

/** HEAD: the stream's metadata and Stream-Total-Size, never cached. */
async function headResponse(view: StreamView): Promise<Response> {
  const head = await view.head();
  if (!head.ok) throw failureError(head.error);
  const info = head.value;
  const headers: Record<string, string> = {
    "Content-Type": info.contentType,
    [H.nextOffset]: formatOffset(info.tailSeq),
    "Cache-Control": "no-store",
    ETag: `"${info.incarnation}:-1:${info.tailSeq}${info.closed ? ":c" : ""}"`,
    ...totalSizeHeaders(info),
  };
  if (info.closed) headers[H.closed] = "true";
  if (info.ttlSeconds !== null) headers[H.ttl] = String(info.ttlSeconds);
  if (info.expiresAt !== null) headers[H.expiresAt] = info.expiresAt;
  return new Response(null, { status: 200, headers });
}

/**
 * ?offset=compact: the gateway keeps no compaction checkpoints, so the answer is always "read from
 * the start": 307 to the same URL (other query parameters kept) with offset=-1. The stream must exist.
 */
async function compactResponse(c: Context<AppEnv>, view: StreamView): Promise<Response> {
  const head = await view.head();
  if (!head.ok) throw failureError(head.error);
  const location = new URL(c.req.url);
  location.searchParams.set("offset", "-1");
  return new Response(null, { status: 307, headers: { Location: location.href, "Cache-Control": "no-store" } });
}

streams.get("/*", async (c) => {
  if (c.req.method === "HEAD") return headResponse(streamView(c, "page"));
  if (compactRequested(c)) return compactResponse(c, streamView(c, "page"));
  const query = readQuery(c);
  const view = streamView(c, query.live === undefined ? "whole" : "page");
  const options = { longPollTimeoutMs: Number(c.env.LONG_POLL_TIMEOUT_MS) };
  const viewer = c.get("viewer");
  // A share link's open stream ends once its share does.
  if (viewer) return serveRead(c, view.source, query, { ...options, sse: { recheck: streamShareRecheck(c, viewer.code) } });
  return serveRead(c, view.source, query, options);
});
