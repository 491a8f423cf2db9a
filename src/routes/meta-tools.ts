// The project's commerce meta tool routes: which server tool a bare codespar_pay, codespar_ship, ...
// call goes to. Routing is server configuration, so it takes the servers scope.
import { createRoute, z } from "@hono/zod-openapi";
import { deleteMetaTool, getMetaTool, listMetaTools, upsertMetaTool } from "../db/meta-tools";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { CommerceMetaToolName, MetaTool, MetaToolList, MetaToolPut } from "../shared/schemas/meta-tools";
import { scoped } from "../middleware/scope";

const NameParam = z.object({ name: CommerceMetaToolName });
export const metaTools = createRouter();

metaTools.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Servers"],
    summary: "List this project's commerce meta tool routes",
    ...scoped("servers", "read"),
    responses: { 200: json(MetaToolList, "Routes, by name; unrouted names are absent"), 401: ERR[401] },
  }),
  async (c) => {
    const rows = await listMetaTools(c.env.DB, c.get("principal").project.id);
    return c.json({ meta_tools: rows, data: rows }, 200);
  },
);

metaTools.openapi(
  createRoute({
    method: "get",
    path: "/{name}",
    tags: ["Servers"],
    summary: "Get where one commerce meta tool is routed",
    ...scoped("servers", "read"),
    request: { params: NameParam },
    responses: { 200: json(MetaTool, "The route"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await getMetaTool(c.env.DB, c.get("principal").project.id, c.req.valid("param").name), 200),
);

metaTools.openapi(
  createRoute({
    method: "put",
    path: "/{name}",
    tags: ["Servers"],
    summary: "Route a commerce meta tool to one of this project's servers' tools (replaces any earlier route)",
    ...scoped("servers", "write"),
    request: { params: NameParam, ...jsonBody(MetaToolPut) },
    responses: { 200: json(MetaTool, "The route"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const principal = c.get("principal");
    return c.json(await upsertMetaTool(c.env.DB, principal.orgId, principal.project.id, c.req.valid("param").name, c.req.valid("json")), 200);
  },
);

metaTools.openapi(
  createRoute({
    method: "delete",
    path: "/{name}",
    tags: ["Servers"],
    summary: "Remove a route; calls to the name answer Tool not registered again",
    ...scoped("servers", "write"),
    request: { params: NameParam },
    responses: { 204: { description: "Removed" }, 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    await deleteMetaTool(c.env.DB, c.get("principal").project.id, c.req.valid("param").name);
    return c.body(null, 204);
  },
);
