// Per-user connections: connect links (POST /v1/connect/start), server-side connects, listing and
// revocation. Secrets go in here and never come back out.
import { createRoute, z } from "@hono/zod-openapi";
import { createConnectLink, createConnection, getConnection, listConnections, revokeConnection } from "../db/connections";
import { getServer, openOAuthClient } from "../db/servers";
import { secretHeaders } from "../lib/connect-secrets";
import { ApiError } from "../lib/errors";
import { publicOrigin } from "../lib/public-origin";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { scoped } from "../middleware/scope";
import { ConnectionCreate, ConnectionList, ConnectionQuery, ConnectionRow, ConnectLink, ConnectStart, DEFAULT_USER_ID } from "../shared/schemas/connections";

const IdParam = z.object({ id: z.string().max(64) });
export const connectStart = createRouter();
export const connections = createRouter();

connectStart.openapi(
  createRoute({
    method: "post",
    path: "/start",
    tags: ["Connections"],
    summary: "Start a connect link: a single-use page where an end user gives one server their credential",
    ...scoped("servers", "write"),
    request: jsonBody(ConnectStart),
    responses: { 200: json(ConnectLink, "The link; open authorize_url in the end user's browser"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    const server = await getServer(c.env.DB, principal.project.id, body.server_id);
    if (server.auth_type === "none") throw new ApiError(400, "validation_failed", `server_id: ${server.id} takes no credentials (auth_type none)`);
    if (server.auth_type === "oauth" && !(await openOAuthClient(c.env, principal.project.id, server.id))) {
      throw new ApiError(
        400,
        "oauth_not_configured",
        `Server ${server.id} has auth_type oauth but no oauth settings; register it with oauth {authorize_url, token_url, client_id}`,
      );
    }
    const { token, connection } = await createConnectLink(c.env.DB, {
      orgId: principal.orgId,
      projectId: principal.project.id,
      serverId: server.id,
      userId: body.user_id ?? DEFAULT_USER_ID,
      authType: server.auth_type,
      redirectUri: body.redirect_uri,
      scopes: body.scopes ?? [],
    });
    c.header("cache-control", "no-store");
    const authorizeUrl = `${publicOrigin(c.env, c.req.url)}/connect/${token}`;
    return c.json({ link_token: token, authorize_url: authorizeUrl, expires_at: connection.expires_at ?? "", connection_id: connection.id }, 200);
  },
);

connections.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Connections"],
    summary: "List the project's connections (newest first), optionally for one user, server or status",
    ...scoped("servers", "read"),
    request: { query: ConnectionQuery },
    responses: { 200: json(ConnectionList, "Connections; secrets are never returned"), 400: ERR[400], 401: ERR[401] },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const rows = await listConnections(c.env.DB, c.get("principal").project.id, { userId: query.user_id, serverId: query.server_id, status: query.status });
    return c.json({ connections: rows, data: rows }, 200);
  },
);

connections.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Connections"],
    summary: "Connect a user to a server with a secret, server side (no connect link); replaces the user's older connection",
    ...scoped("servers", "write"),
    request: jsonBody(ConnectionCreate),
    responses: { 201: json(ConnectionRow, "Connected"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    const server = await getServer(c.env.DB, principal.project.id, body.server_id);
    if (server.auth_type === "none") throw new ApiError(400, "validation_failed", `server_id: ${server.id} takes no credentials (auth_type none)`);
    const row = await createConnection(
      c.env,
      {
        orgId: principal.orgId,
        projectId: principal.project.id,
        serverId: server.id,
        userId: body.user_id ?? DEFAULT_USER_ID,
        authType: server.auth_type,
        displayName: body.display_name,
        connectionMetadata: body.connection_metadata,
      },
      { headers: secretHeaders(server.connect_fields, body.secret) },
    );
    return c.json(row, 201);
  },
);

connections.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["Connections"],
    summary: "Get one connection",
    ...scoped("servers", "read"),
    request: { params: IdParam },
    responses: { 200: json(ConnectionRow, "The connection"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await getConnection(c.env.DB, c.get("principal").project.id, c.req.valid("param").id), 200),
);

connections.openapi(
  createRoute({
    method: "post",
    path: "/{id}/revoke",
    tags: ["Connections"],
    summary: "Revoke a connection: its credential is erased and no session uses it from now on",
    ...scoped("servers", "write"),
    request: { params: IdParam },
    responses: { 200: json(ConnectionRow, "Revoked"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await revokeConnection(c.env.DB, c.get("principal").project.id, c.req.valid("param").id), 200),
);
