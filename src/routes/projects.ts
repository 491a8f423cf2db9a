// Projects of the caller's organization.
import { createRoute, z } from "@hono/zod-openapi";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../db/tenancy";
import { forgetResolvedKeys } from "../middleware/auth";
import { BEARER, createRouter, ERR, json, jsonBody } from "../lib/router";
import { Project, ProjectCreate, ProjectList, ProjectUpdate } from "../schemas/tenancy";

const IdParam = z.object({ id: z.string() });
export const projects = createRouter();

projects.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Projects"],
    summary: "List projects",
    security: BEARER,
    responses: { 200: json(ProjectList, "The organization's projects"), 401: ERR[401] },
  }),
  async (c) => c.json({ projects: await listProjects(c.env.DB, c.get("principal").orgId) }, 200),
);

projects.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Projects"],
    summary: "Create a project",
    security: BEARER,
    request: jsonBody(ProjectCreate),
    responses: { 201: json(Project, "Created"), 400: ERR[400], 401: ERR[401], 409: ERR[409] },
  }),
  async (c) => c.json(await createProject(c.env.DB, c.get("principal").orgId, c.req.valid("json")), 201),
);

projects.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Get a project",
    security: BEARER,
    request: { params: IdParam },
    responses: { 200: json(Project, "The project"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await getProject(c.env.DB, c.get("principal").orgId, c.req.valid("param").id), 200),
);

projects.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Delete a project (not the default one)",
    security: BEARER,
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    await deleteProject(c.env.DB, c.get("principal").orgId, c.req.valid("param").id);
    forgetResolvedKeys();
    return c.body(null, 204);
  },
);

projects.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Rename a project or set its default runtime for new sessions",
    security: BEARER,
    request: { params: IdParam, ...jsonBody(ProjectUpdate) },
    responses: { 200: json(Project, "The updated project"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const project = await updateProject(c.env.DB, c.get("principal").orgId, c.req.valid("param").id, c.req.valid("json"));
    forgetResolvedKeys();
    return c.json(project, 200);
  },
);
