// A session's event log over the Durable Streams read protocol (JSON mode): GET
// /v1/sessions/:id/events?offset=&live=long-poll|sse, so the viewer, the SDKs and any Durable
// Streams client read the same log. Writes go through the session's own operations. A share link's
// viewer reads under its share's terms: a snapshot's bound, and an end when the share is revoked.
// Stream-Total-Size is the number of events (the log's tail offset: one event per offset).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { LogSource } from "../lib/live/hub";
import { serveRead } from "../lib/live/serve";
import { snapshotSource } from "../lib/live/snapshot-source";
import { openLiveSocket } from "../lib/live/socket";
import { createRouter, ERR } from "../lib/router";
import { sessionStub } from "../lib/session-stub";
import { readQuery } from "../lib/streams/request";
import { parseOffset } from "../shared/protocol/offsets";
import { StreamReadQuery } from "../shared/schemas/streams";
import { VIEWER_SHARE_RECHECK_MS } from "../services/share-access";
import { SessionParam } from "./sessions";
import { requireScope, scoped } from "../middleware/scope";

export const sessionEvents = createRouter();

/** A session's log as a live-readable source, bound to this request (stubs are per request). */
export function sessionLogSource(c: Context<AppEnv>, projectId: string, sessionId: string): LogSource {
  const stub = sessionStub(c.env, projectId, sessionId);
  return {
    key: `session:${projectId}/${sessionId}`,
    read: (from) => stub.readLog(projectId, from),
    connect: () => openLiveSocket(stub),
  };
}

sessionEvents.openAPIRegistry.registerPath(
  createRoute({
    method: "get",
    path: "/{id}/events",
    tags: ["Sessions"],
    summary: "Read the session's event log as a Durable Stream (JSON mode): catch-up, live=long-poll or live=sse",
    security: scoped("sessions", "read").security,
    request: { params: SessionParam, query: StreamReadQuery },
    responses: {
      200: {
        description: "Events after the offset (each with its `offset`) as a JSON array, or an SSE stream of data and control events",
        content: { "application/json": { schema: z.array(z.unknown()) }, "text/event-stream": { schema: z.string() } },
      },
      204: { description: "Long-poll timed out with no new events" },
      400: ERR[400],
      401: ERR[401],
      404: ERR[404],
    },
  }),
);

sessionEvents.get("/:id/events", requireScope("sessions", "read"), async (c) => {
  const projectId = c.get("principal").project.id;
  const sessionId = c.req.param("id");
  const log = sessionLogSource(c, projectId, sessionId);
  const options = { longPollTimeoutMs: Number(c.env.LONG_POLL_TIMEOUT_MS) };
  const viewer = c.get("viewer");
  if (!viewer) return serveRead(c, log, readQuery(c), options);
  // A share link's viewer: a snapshot never reads past its bound, and an open stream ends once the share does.
  const stub = sessionStub(c.env, projectId, sessionId);
  // One event per offset, so the snapshot's Stream-Total-Size is its bound's sequence number.
  const source = viewer.upToOffset === null ? log : snapshotSource(log, viewer.upToOffset, parseOffset(viewer.upToOffset) ?? 0);
  const allowed = async () => (await stub.shareStatus(viewer.code)).status === "active";
  return serveRead(c, source, readQuery(c), { ...options, sse: { recheck: { everyMs: VIEWER_SHARE_RECHECK_MS, allowed } } });
});
