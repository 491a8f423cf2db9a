// Who the caller is: organization, resolved project and key.
import { createRoute } from "@hono/zod-openapi";
import { BEARER, createRouter, ERR, json } from "../lib/router";
import { Whoami } from "../shared/schemas/tenancy";

export const whoami = createRouter();

whoami.openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Tenancy"],
    summary: "The caller's organization, project and key",
    security: BEARER,
    responses: { 200: json(Whoami, "The caller"), 401: ERR[401], 404: ERR[404] },
  }),
  (c) => {
    const p = c.get("principal");
    return c.json(
      {
        organization: { id: p.orgId, name: p.orgName },
        project: { id: p.project.id, name: p.project.name, environment: p.project.environment },
        key: { id: p.keyId, environment: p.keyEnvironment, scopes: p.scopes },
      },
      200,
    );
  },
);
