// The session's prompt queue: submit, inspect, cancel, reorder, pause/resume, clear.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { callerSession, unwrap } from "../lib/session-stub";
import { PromptAccepted, PromptCancelled, PromptSubmit, QueueCleared, QueueOrder, QueueSnapshot } from "../shared/schemas/queue";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

export const queue = createRouter();

queue.openapi(
  createRoute({
    method: "post",
    path: "/{id}/prompts",
    tags: ["Queue"],
    summary: "Submit a prompt to the session's queue (idempotent on promptId)",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(PromptSubmit) },
    responses: { 202: json(PromptAccepted, "Queued"), 400: ERR[400], 401: ERR[401], 404: ERR[404], 409: ERR[409], 429: ERR[429] },
  }),
  async (c) => {
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    return c.json(unwrap(await stub.submitPrompt(projectId, c.req.valid("json"))), 202);
  },
);

queue.openapi(
  createRoute({
    method: "get",
    path: "/{id}/queue",
    tags: ["Queue"],
    summary: "The queue: running prompt, queued prompts in order, paused flag",
    ...scoped("sessions", "read"),
    request: { params: SessionParam },
    responses: { 200: json(QueueSnapshot, "The queue"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    return c.json(unwrap(await stub.queueSnapshot(projectId)), 200);
  },
);

queue.openapi(
  createRoute({
    method: "delete",
    path: "/{id}/prompts/{promptId}",
    tags: ["Queue"],
    summary: "Cancel a prompt: a queued one is removed, the running one is aborted",
    ...scoped("sessions", "write"),
    request: { params: SessionParam.extend({ promptId: z.string() }) },
    responses: { 200: json(PromptCancelled, "Cancelled or aborting"), 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    const { id, promptId } = c.req.valid("param");
    const { projectId, stub } = callerSession(c, id);
    return c.json(unwrap(await stub.cancelPrompt(projectId, promptId)), 200);
  },
);

queue.openapi(
  createRoute({
    method: "put",
    path: "/{id}/queue/order",
    tags: ["Queue"],
    summary: "Reorder the queued prompts; `order` must be exactly the queued ids",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(QueueOrder) },
    responses: { 200: json(QueueSnapshot, "The reordered queue"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    return c.json(unwrap(await stub.reorderQueue(projectId, c.req.valid("json").order)), 200);
  },
);

for (const action of ["pause", "resume"] as const) {
  queue.openapi(
    createRoute({
      method: "post",
      path: `/{id}/queue/${action}`,
      tags: ["Queue"],
      summary: action === "pause" ? "Stop starting new prompts (the running one finishes)" : "Start queued prompts again",
      ...scoped("sessions", "write"),
      request: { params: SessionParam },
      responses: { 200: json(QueueSnapshot, "The queue"), 401: ERR[401], 404: ERR[404] },
    }),
    async (c) => {
      const { projectId, stub } = callerSession(c, c.req.valid("param").id);
      return c.json(unwrap(await stub.setQueuePaused(projectId, action === "pause")), 200);
    },
  );
}

queue.openapi(
  createRoute({
    method: "delete",
    path: "/{id}/queue",
    tags: ["Queue"],
    summary: "Remove every queued prompt",
    ...scoped("sessions", "write"),
    request: { params: SessionParam },
    responses: { 200: json(QueueCleared, "How many were removed"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    return c.json(unwrap(await stub.clearQueue(projectId)), 200);
  },
);
