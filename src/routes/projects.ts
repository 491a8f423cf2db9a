// Projects of the caller's organization, in the caller key's environment.
import { createRoute, z } from "@hono/zod-openapi";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../db/tenancy";
import { hasProviderKey } from "../db/provider-keys";
import { assertRuntimeDestination } from "../lib/runtime-destination";
import { callerRealm, forgetResolvedKeys, ownEnvironment } from "../middleware/auth";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { ApiError } from "../lib/errors";
import { Project, ProjectCreate, ProjectList, ProjectUpdate } from "../shared/schemas/tenancy";
import { scoped } from "../middleware/scope";

const IdParam = z.object({ id: z.string() });
export const projects = createRouter();

projects.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Projects"],
    summary: "List projects",
    ...scoped("projects", "read"),
    responses: { 200: json(ProjectList, "The organization's projects"), 401: ERR[401] },
  }),
  async (c) => c.json({ projects: await listProjects(c.env.DB, callerRealm(c)) }, 200),
);

projects.openapi(
  createRoute({
    method: "post",
    path: "/",
    tags: ["Projects"],
    summary: "Create a project",
    ...scoped("projects", "write"),
    request: jsonBody(ProjectCreate),
    responses: { 201: json(Project, "Created"), 400: ERR[400], 401: ERR[401], 403: ERR[403], 409: ERR[409] },
  }),
  async (c) => {
    const body = c.req.valid("json");
    ownEnvironment(c, body.environment);
    return c.json(await createProject(c.env.DB, callerRealm(c), body), 201);
  },
);

projects.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Get a project",
    ...scoped("projects", "read"),
    request: { params: IdParam },
    responses: { 200: json(Project, "The project"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => c.json(await getProject(c.env.DB, callerRealm(c), c.req.valid("param").id), 200),
);

projects.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Delete a project (not the default one)",
    ...scoped("projects", "write"),
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, 401: ERR[401], 404: ERR[404], 409: ERR[409] },
  }),
  async (c) => {
    await deleteProject(c.env.DB, callerRealm(c), c.req.valid("param").id);
    forgetResolvedKeys();
    return c.body(null, 204);
  },
);

projects.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    tags: ["Projects"],
    summary: "Rename a project, change its slug, make it the default, or set its default runtime for new sessions",
    ...scoped("projects", "write"),
    request: { params: IdParam, ...jsonBody(ProjectUpdate) },
    responses: { 200: json(Project, "The updated project"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    if (Object.values(patch).every((value) => value === undefined))
      throw new ApiError(400, "empty_patch", "The patch changes nothing: send name, slug, is_default or default_runtime");
    if (patch.default_runtime) {
      // Ownership first: whether another tenant's project holds a key must not show through the answer.
      await getProject(c.env.DB, callerRealm(c), id);
      await assertRuntimeDestination(c.env, patch.default_runtime, (provider) => hasProviderKey(c.env.DB, id, provider));
    }
    const project = await updateProject(c.env.DB, callerRealm(c), id, patch);
    forgetResolvedKeys();
    return c.json(project, 200);
  },
);
