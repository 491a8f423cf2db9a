// send and sendStream: one route, JSON or SSE by the Accept header. Both read the prompt's turn from
// the session log: send waits in the object for its end, sendStream follows the log's live tail
// from the prompt's submission (src/lib/live/send-stream.ts).
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { refusedStreamResponse, sendStreamResponse } from "../lib/live/send-stream";
import { createRouter, ERR, jsonBody } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import { SendBody, SendResult } from "../shared/schemas/tools";
import { sessionLogSource } from "./session-events";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

export const sessionSend = createRouter();

sessionSend.openapi(
  createRoute({
    method: "post",
    path: "/{id}/send",
    tags: ["Sessions"],
    summary: "Send a message and get the turn's result (JSON) or stream it (Accept: text/event-stream)",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(SendBody) },
    responses: {
      200: {
        description: "The turn: a SendResult, or SSE frames user_message, assistant_text, tool_use, tool_result, done, error",
        content: { "application/json": { schema: SendResult }, "text/event-stream": { schema: z.string() } },
      },
      400: ERR[400],
      401: ERR[401],
      404: ERR[404],
      409: ERR[409],
      502: ERR[502],
    },
  }),
  async (c) => {
    const projectId = c.get("principal").project.id;
    const { message } = c.req.valid("json");
    const sessionId = c.req.valid("param").id;
    const stub = sessionStub(c.env, projectId, sessionId);
    if (c.req.header("accept")?.includes("text/event-stream")) {
      const start = unwrap(await stub.sendStream(projectId, message));
      if (start.kind === "refused") return refusedStreamResponse(start.code, start.message);
      return sendStreamResponse(sessionLogSource(c, projectId, sessionId), start, c.req.raw.signal);
    }
    return c.json(unwrap(await stub.send(projectId, message)), 200);
  },
);
