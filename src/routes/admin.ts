// Bootstrap: the operator creates organizations with the ADMIN_TOKEN secret; tenants manage the rest.
import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { createEnvironmentKey, createOrganization } from "../db/tenancy";
import type { AppEnv } from "../env";
import { constantTimeEqual } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { createRouter, ERR, json, jsonBody } from "../lib/router";
import { EnvironmentKeyCreate, EnvironmentKeyCreated, OrganizationCreate, OrganizationCreated } from "../shared/schemas/tenancy";

const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN;
  const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!expected || !presented || !(await constantTimeEqual(presented, expected))) {
    throw new ApiError(401, "unauthorized", "The admin API needs Authorization: Bearer <ADMIN_TOKEN>");
  }
  await next();
});

export const admin = createRouter();
admin.use("*", adminAuth);

admin.openapi(
  createRoute({
    method: "post",
    path: "/organizations",
    tags: ["Admin"],
    summary: "Create an organization with its default project and first API key",
    security: [{ adminToken: [] }],
    request: jsonBody(OrganizationCreate),
    responses: { 201: json(OrganizationCreated, "Created; the full key is shown only here"), 400: ERR[400], 401: ERR[401] },
  }),
  async (c) => c.json(await createOrganization(c.env.DB, c.req.valid("json")), 201),
);

admin.openapi(
  createRoute({
    method: "post",
    path: "/organizations/{id}/api-keys",
    tags: ["Admin"],
    summary: "Open another environment of an organization (e.g. live): a key there, and its default project if it has none",
    description: "Tenant keys manage only their own environment, so a test key cannot reach live: granting live access is the operator's call.",
    security: [{ adminToken: [] }],
    request: { params: z.object({ id: z.string() }), ...jsonBody(EnvironmentKeyCreate) },
    responses: { 201: json(EnvironmentKeyCreated, "Created; the full key is shown only here"), 400: ERR[400], 401: ERR[401], 404: ERR[404] },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const realm = { orgId: c.req.valid("param").id, environment: body.environment };
    return c.json(await createEnvironmentKey(c.env.DB, realm, body.name, body.scopes), 201);
  },
);
