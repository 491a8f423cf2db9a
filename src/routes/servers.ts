// The project's MCP server registry: register, list, get, delete. Credentials are write-only.
import { createRoute, z } from "@hono/zod-openapi";
import { createServer, deleteServer, getServer, listServers } from "../db/servers";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { checkUpstream, loopbackAllowed } from "../shared/destinations/guard";
import { Server, ServerCreate, ServerList } from "../shared/schemas/servers";
import { scoped } from "../middleware/scope";

const IdParam = z.object({ id: z.string().max(64).meta({ example: "asaas" }) });
export const servers = createRouter();

servers.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Servers"],
    summary: "Register a remote MCP server (Streamable HTTP) for this project",
    ...scoped("servers", "write"),
    request: jsonBody(ServerCreate),
    responses: { 201: json(Server, "Registered; credentials are never returned"), 400: ERR[400], 401: ERR[401], 409: ERR[409] },
  }),
  async (c) => {
    const principal = c.get("principal");
    const body = c.req.valid("json");
    for (const [field, url] of [
      ["url", body.url],
      ["rest_base_url", body.rest_base_url],
    ] as const) {
      if (url === undefined) continue;
      const verdict = checkUpstream(new URL(url), loopbackAllowed(c.env));
      if (!verdict.ok) throw new ApiError(400, "url_not_allowed", `${field}: ${verdict.reason}`);
    }
    return c.json(await createServer(c.env, principal.orgId, principal.project.id, body), 201);
  },
);

servers.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Servers"],
    summary: "List this project's MCP servers",
    ...scoped("servers", "read"),
    responses: { 200: json(ServerList, "Servers, oldest first"), 401: ERR[401] },
  }),
  async (c) => {
    const rows = await listServers(c.env.DB, c.get("principal").project.id);
    return c.json({ data: rows, servers: rows }, 200);
  },
);

servers.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["Servers"],
    summary: "Get one MCP server registration",
    ...scoped("servers", "read"),
    request: { params: IdParam },
    responses: { 200: json(Server, "The server"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await getServer(c.env.DB, c.get("principal").project.id, c.req.valid("param").id), 200),
);

servers.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["Servers"],
    summary: "Delete a registration; sessions naming it lose its tools at once",
    ...scoped("servers", "write"),
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    await deleteServer(c.env.DB, c.get("principal").project.id, c.req.valid("param").id);
    return c.body(null, 204);
  },
);
