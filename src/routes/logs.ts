// The project's live log tail (`codespar logs --tail`): SSE of its tool-call rows as they are
// indexed, the `limit` most recent matching rows replayed first (oldest first), then each new one
// as an `event: tool_call` frame, with `: heartbeat` comments every 15 s. Without
// Accept: text/event-stream it answers the replay alone as JSON.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { logRowsAfter, recentLogRows, toLogEntry } from "../db/tool-call-index";
import { polledSse } from "../lib/live/polled-sse";
import { createRouter, ERR } from "../lib/router";
import { scoped } from "../middleware/scope";
import { sseFrame } from "../shared/protocol/sse";
import { LogStreamQuery, ToolCallLogList } from "../shared/schemas/tool-status";

/** Most rows one poll sends; more wait for the next poll (a second later). */
const LIVE_BATCH = 100;

export const logs = createRouter();

logs.openapi(
  createRoute({
    method: "get",
    path: "/stream",
    tags: ["Tools"],
    summary: "Tail the project's tool calls as they finish (SSE with Accept: text/event-stream; otherwise the recent rows as JSON)",
    ...scoped("sessions", "read"),
    request: { query: LogStreamQuery },
    responses: {
      200: {
        description: "`event: tool_call` frames, each a ToolCallLogEntry; `: heartbeat` comments every 15 s",
        content: { "text/event-stream": { schema: z.string() }, "application/json": { schema: ToolCallLogList } },
      },
      400: ERR[400],
      401: ERR[401],
    },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const { limit, ...filter } = c.req.valid("query");
    const recent = await recentLogRows(c.env.DB, projectId, filter, limit);
    const replay = recent.rows.map(toLogEntry);
    if (!c.req.header("accept")?.includes("text/event-stream")) return Response.json({ data: replay, tool_calls: replay });
    let cursor = recent.newest;
    return polledSse(
      { frames: replay.map((row) => sseFrame("tool_call", row)) },
      async () => {
        const page = await logRowsAfter(c.env.DB, projectId, filter, cursor, LIVE_BATCH);
        // A full batch may have left matching rows behind: continue after its last row, else after everything seen.
        cursor = page.rows.length === LIVE_BATCH ? (page.rows.at(-1)?.seq ?? cursor) : Math.max(cursor, page.newest);
        return { frames: page.rows.map((row) => sseFrame("tool_call", toLogEntry(row))) };
      },
      { signal: c.req.raw.signal },
    );
  },
);
