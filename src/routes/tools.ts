// Tools across the project: the gateway's own (server "codespar": the built-in meta tools and the
// commerce meta tools the project routed), then its registered MCP servers' as `server/tool` names.
// Servers that cannot be reached contribute nothing; their state shows in a session's connections.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../lib/errors";
import { listMetaTools } from "../db/meta-tools";
import { ServerCatalog } from "../services/server-catalog";
import { BUILT_IN_TOOLS, routedTool } from "../shared/builtin-tools";
import { createRouter, ERR, json } from "../lib/router";
import { ToolList } from "../shared/schemas/servers";
import { Tool } from "../shared/schemas/tools";
import { scoped } from "../middleware/scope";

/** One catalog per isolate, so tool lists are cached across requests (briefly, per registration). */
let catalog: ServerCatalog | undefined;
const catalogFor = (env: Env) => (catalog ??= new ServerCatalog(env));

async function projectTools(c: Context<AppEnv>): Promise<Tool[]> {
  const projectId = c.get("principal").project.id;
  const [states, routes] = await Promise.all([catalogFor(c.env).states(projectId), listMetaTools(c.env.DB, projectId)]);
  const serverTools = states.flatMap((state) => state.tools);
  const byName = new Map(serverTools.map((tool) => [tool.name, tool]));
  return [...BUILT_IN_TOOLS, ...routes.map((route) => routedTool(route, byName.get(`${route.server}/${route.tool}`))), ...serverTools];
}

async function oneTool(c: Context<AppEnv>, name: string) {
  const tool = (await projectTools(c)).find((candidate) => candidate.name === name);
  if (!tool) throw new ApiError(404, "tool_not_found", `Tool ${name} is not a built-in and not on this project's reachable servers`);
  return tool;
}

export const tools = createRouter();

tools.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Servers"],
    summary: "The gateway's own tools (server codespar) and every tool of this project's reachable MCP servers",
    ...scoped("servers", "read"),
    responses: { 200: json(ToolList, "Tools, by server in registration order"), 401: ERR[401] },
  }),
  async (c) => {
    const list = await projectTools(c);
    return c.json({ data: list, tools: list }, 200);
  },
);

tools.openapi(
  createRoute({
    method: "get",
    path: "/{name}",
    tags: ["Servers"],
    summary: "One tool by its full name, URL-encoded (asaas%2Fcreate_customer)",
    ...scoped("servers", "read"),
    request: { params: z.object({ name: z.string().max(300).meta({ example: "asaas%2Fcreate_customer" }) }) },
    responses: { 200: json(Tool, "The tool"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await oneTool(c, c.req.valid("param").name), 200),
);

tools.openapi(
  createRoute({
    method: "get",
    path: "/{server}/{tool}",
    tags: ["Servers"],
    summary: "One tool by server and tool name",
    ...scoped("servers", "read"),
    request: { params: z.object({ server: z.string().max(64), tool: z.string().max(200) }) },
    responses: { 200: json(Tool, "The tool"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { server, tool } = c.req.valid("param");
    return c.json(await oneTool(c, `${server}/${tool}`), 200);
  },
);
