// Router factory and OpenAPI helpers: every resource router validates with the shared zod schemas
// and sends validation failures to the one error exit.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "zod";
import type { AppEnv } from "../env";
import { ErrorBody, nullsAsAbsent } from "../shared/schemas/common";
import { validationError } from "./errors";

const TARGET_NAMES: Record<string, string> = { json: "body", query: "query", param: "path", header: "headers" };

export const createRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, TARGET_NAMES[result.target] ?? result.target);
    },
  });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/**
 * A JSON response the handler writes as text itself (e.g. to splice in a mock's exact bytes). The
 * media type is typed as a plain string, which tells @hono/zod-openapi to accept a Response.
 */
export const rawJson = <T extends z.ZodType>(schema: T, description: string) => {
  const content: Record<string, { schema: T }> = { "application/json": { schema } };
  return { content, description };
};

/** A required JSON body validated by `schema`, with `null` taken as an absent field (nullsAsAbsent). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema: nullsAsAbsent(schema) } }, required: true },
});

const errorResponse = (description: string) => json(ErrorBody, description);

/** Error responses for route definitions, all in the flat {error, code, message} shape. */
export const ERR = {
  400: errorResponse("Invalid input"),
  401: errorResponse("Missing or invalid API key"),
  403: errorResponse("Not permitted"),
  404: errorResponse("Not found (or not visible to this project)"),
  409: errorResponse("Conflicts with the resource's state"),
  413: errorResponse("Body too large"),
  415: errorResponse("Unsupported media type: send JSON"),
  422: errorResponse("Could not be processed"),
  410: errorResponse("Gone: revoked or expired"),
  429: errorResponse("Too many requests"),
  502: errorResponse("Upstream failure"),
};

export const BEARER = [{ bearerAuth: [] }];
