// Session lifecycle: create, list, get, close (DELETE and POST /close are the same idempotent close).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { hasProviderKey } from "../db/provider-keys";
import { indexSession, indexSessionStatus, listSessions } from "../db/session-index";
import type { AppEnv } from "../env";
import { newSessionId } from "../shared/ids";
import { parseMocks } from "../lib/mocks/parse";
import { assertRuntimeDestination } from "../lib/runtime-destination";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { sessionStub, unwrap } from "../lib/session-stub";
import { DEFAULT_USER_ID } from "../shared/schemas/connections";
import { resolveRuntime } from "../shared/schemas/runtime";
import { SessionCreate, SessionDetail, SessionList, SessionListQuery, SessionRow } from "../shared/schemas/sessions";
import { scoped } from "../middleware/scope";

export const SessionParam = z.object({ id: z.string().meta({ example: "ses_3kTMd9x2Qp7LwVb1Zc0a" }) });
export const sessions = createRouter();

sessions.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Sessions"],
    summary: "Create a session",
    ...scoped("sessions", "write"),
    request: jsonBody(SessionCreate),
    responses: { 201: json(SessionRow, "Created"), 400: ERR[400], 401: ERR[401], 403: ERR[403], 404: ERR[404], 413: ERR[413] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    // The body's own text: mock responses are stored exactly as sent (see src/lib/mocks/raw-json.ts).
    const mocks = parseMocks(principal, body.mocks, await c.req.text());
    const runtime = resolveRuntime(body.runtime, principal.project.defaultRuntime);
    await assertRuntimeDestination(c.env, runtime, (provider) => hasProviderKey(c.env.DB, principal.project.id, provider));
    const id = newSessionId();
    const row = await sessionStub(c.env, principal.project.id, id).create({
      id,
      orgId: principal.orgId,
      projectId: principal.project.id,
      environment: principal.project.environment,
      userId: body.user_id ?? DEFAULT_USER_ID,
      servers: body.servers,
      metadata: body.metadata ?? {},
      runtime,
      createdAt: new Date().toISOString(),
      mocks,
    });
    await indexSession(c.env.DB, row);
    return c.json(row, 201);
  },
);

sessions.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Sessions"],
    summary: "List sessions, newest first",
    ...scoped("sessions", "read"),
    request: { query: SessionListQuery },
    responses: { 200: json(SessionList, "A page of sessions"), 400: ERR[400], 401: ERR[401] },
  }),
  async (c) => {
    const page = await listSessions(c.env.DB, c.get("principal").project.id, c.req.valid("query"));
    return c.json({ data: page.rows, sessions: page.rows, next_before: page.nextBefore }, 200);
  },
);

sessions.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["Sessions"],
    summary: "Get a session",
    ...scoped("sessions", "read"),
    request: { params: SessionParam },
    responses: { 200: json(SessionDetail, "The session"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    return c.json(unwrap(await sessionStub(c.env, c.get("principal").project.id, id).describe(c.get("principal").project.id)), 200);
  },
);

async function closeSession(c: Context<AppEnv>, id: string) {
  const projectId = c.get("principal").project.id;
  const row = unwrap(await sessionStub(c.env, projectId, id).close(projectId));
  await indexSessionStatus(c.env.DB, row);
  return c.body(null, 204);
}

const closeRoute = (method: "delete" | "post", path: string) =>
  createRoute({
    method,
    path,
    tags: ["Sessions"],
    summary: "Close a session (idempotent; appends session_end once)",
    ...scoped("sessions", "write"),
    request: { params: SessionParam },
    responses: { 204: { description: "Closed" }, 401: ERR[401], 404: ERR[404] },
  });

sessions.openapi(closeRoute("delete", "/{id}"), (c) => closeSession(c, c.req.valid("param").id));
sessions.openapi(closeRoute("post", "/{id}/close"), (c) => closeSession(c, c.req.valid("param").id));
