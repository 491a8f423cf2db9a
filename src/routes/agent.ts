// The external runtime's API: an attached agent leases prompts, appends its events with idempotent
// producer headers, renews, and completes; anyone allowed to prompt answers permission requests.
import { createRoute, z } from "@hono/zod-openapi";
import type { PermissionState as PendingRequest } from "../../durable-objects/session/permissions";
import { producerRejection, parseProducerHeaders } from "../lib/producer-headers";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { callerSession, unwrap } from "../lib/session-stub";
import {
  AgentAppended,
  AgentComplete,
  AgentEvents,
  LeaseGrant,
  LeaseRenewed,
  LeaseRequest,
  PermissionDecision,
  PermissionState,
} from "../shared/schemas/agent";
import { SessionParam } from "./sessions";
import { scoped } from "../middleware/scope";

export const agent = createRouter();

agent.openapi(
  createRoute({
    method: "post",
    path: "/{id}/agent/lease",
    tags: ["Agents"],
    summary: "Take the next prompt (waiting up to wait_ms for one); 204 when none arrives in time",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(LeaseRequest) },
    responses: { 200: json(LeaseGrant, "A leased prompt"), 204: { description: "Nothing to do" }, 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    const grant = unwrap(await stub.agentLease(projectId, c.req.valid("json").wait_ms));
    return grant ? c.json(grant, 200) : c.body(null, 204);
  },
);

agent.openapi(
  createRoute({
    method: "post",
    path: "/{id}/agent/lease/{leaseId}/renew",
    tags: ["Agents"],
    summary: "Extend a lease while the agent works",
    ...scoped("sessions", "write"),
    request: { params: SessionParam.extend({ leaseId: z.string() }) },
    responses: { 200: json(LeaseRenewed, "Renewed"), 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    const { id, leaseId } = c.req.valid("param");
    const { projectId, stub } = callerSession(c, id);
    return c.json(unwrap(await stub.agentRenew(projectId, leaseId)), 200);
  },
);

agent.openapi(
  createRoute({
    method: "post",
    path: "/{id}/agent/events",
    tags: ["Agents"],
    summary: "Append the agent's events; Producer-Id/-Epoch/-Seq make retries idempotent (a duplicate is 204)",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(AgentEvents) },
    responses: {
      200: json(AgentAppended, "Appended"),
      204: { description: "Duplicate of an earlier write; nothing appended" },
      400: ERR[400],
      401: ERR[401],
      403: ERR[403],
      404: ERR[404],
      409: ERR[409],
    },
  }),
  async (c) => {
    const producer = parseProducerHeaders(c.req.raw.headers);
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    const verdict = unwrap(await stub.agentAppend(projectId, c.req.valid("json"), producer));
    return producerRejection(c, verdict) ?? c.json({ offset: verdict.offset }, 200);
  },
);

agent.openapi(
  createRoute({
    method: "post",
    path: "/{id}/agent/complete",
    tags: ["Agents"],
    summary: "End the leased turn (once)",
    ...scoped("sessions", "write"),
    request: { params: SessionParam, ...jsonBody(AgentComplete) },
    responses: { 200: json(z.object({ promptId: z.string() }), "Completed"), 400: ERR[400], 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    return c.json(unwrap(await stub.agentComplete(projectId, body.leaseId, body.success, body.usage)), 200);
  },
);

const PermissionParams = SessionParam.extend({ requestId: z.string() });

agent.openapi(
  createRoute({
    method: "post",
    path: "/{id}/permissions/{requestId}",
    tags: ["Agents"],
    summary: "Answer an agent's permission request (once)",
    ...scoped("sessions", "write"),
    request: { params: PermissionParams, ...jsonBody(PermissionDecision) },
    responses: { 200: json(PermissionState, "Answered"), 400: ERR[400], 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    const { id, requestId } = c.req.valid("param");
    const body = c.req.valid("json");
    const { projectId, stub } = callerSession(c, id);
    return c.json(unwrap(await stub.answerPermission(projectId, requestId, body)), 200);
  },
);

agent.openapi(
  createRoute({
    method: "get",
    path: "/{id}/permissions/{requestId}",
    tags: ["Agents"],
    summary: "A permission request's state; with wait_ms, waits for the answer (long-poll)",
    ...scoped("sessions", "read"),
    request: { params: PermissionParams, query: z.object({ wait_ms: z.coerce.number().int().min(0).max(30_000).default(0) }) },
    responses: { 200: json(PermissionState, "The request"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { id, requestId } = c.req.valid("param");
    const { projectId, stub } = callerSession(c, id);
    return c.json(unwrap(await stub.permissionState(projectId, requestId, c.req.valid("query").wait_ms)), 200);
  },
);

agent.openapi(
  createRoute({
    method: "get",
    path: "/{id}/permissions",
    tags: ["Agents"],
    summary: "Pending permission requests",
    ...scoped("sessions", "read"),
    request: { params: SessionParam },
    responses: { 200: json(z.object({ requests: z.array(PermissionState) }), "Pending requests"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { projectId, stub } = callerSession(c, c.req.valid("param").id);
    const requests: PendingRequest[] = unwrap(await stub.pendingPermissions(projectId));
    return c.json({ requests }, 200);
  },
);
