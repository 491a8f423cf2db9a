// A project's own model-provider keys ("bring your own key"), mounted under /v1/projects: with one
// stored, the project's sessions call that provider with it, and may choose their own base URL.
import { createRoute, z } from "@hono/zod-openapi";
import { deleteProviderKey, listProviderKeys, putProviderKey } from "../db/provider-keys";
import { getProject } from "../db/tenancy";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { callerRealm } from "../middleware/auth";
import { scoped } from "../middleware/scope";
import { NetworkProvider, ProviderKey, ProviderKeyList, ProviderKeyPut } from "../shared/schemas/provider-keys";

const ProjectParam = z.object({ id: z.string() });
const ProviderParam = ProjectParam.extend({ provider: NetworkProvider });
export const providerKeys = createRouter();

providerKeys.openapi(
  createRoute({
    method: "get",
    path: "/{id}/provider-keys",
    tags: ["Projects"],
    summary: "Which providers the project has its own key for (never the keys)",
    ...scoped("projects", "read"),
    request: { params: ProjectParam },
    responses: { 200: json(ProviderKeyList, "The project's provider keys"), 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const project = await getProject(c.env.DB, callerRealm(c), c.req.valid("param").id);
    return c.json({ provider_keys: await listProviderKeys(c.env.DB, project.id) }, 200);
  },
);

providerKeys.openapi(
  createRoute({
    method: "put",
    path: "/{id}/provider-keys/{provider}",
    tags: ["Projects"],
    summary: "Store (or replace) the project's own key for a provider; stored encrypted, never returned",
    ...scoped("projects", "write"),
    request: { params: ProviderParam, ...jsonBody(ProviderKeyPut) },
    responses: { 200: json(ProviderKey, "Stored"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { id, provider } = c.req.valid("param");
    const project = await getProject(c.env.DB, callerRealm(c), id);
    return c.json(await putProviderKey(c.env, project.org_id, project.id, provider, c.req.valid("json").api_key), 200);
  },
);

providerKeys.openapi(
  createRoute({
    method: "delete",
    path: "/{id}/provider-keys/{provider}",
    tags: ["Projects"],
    summary: "Remove the project's own key: its sessions fall back to the gateway's key, and only to approved base URLs",
    ...scoped("projects", "write"),
    request: { params: ProviderParam },
    responses: { 204: { description: "Removed" }, 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const { id, provider } = c.req.valid("param");
    const project = await getProject(c.env.DB, callerRealm(c), id);
    await deleteProviderKey(c.env.DB, project.id, provider);
    return c.body(null, 204);
  },
);
