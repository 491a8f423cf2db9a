// Scope checks: every /v1 route names the scope it needs (see src/lib/scopes.ts), and a key without
// it gets 403 insufficient_scope before its input is even validated. `scoped()` also writes the
// scope into the route's OpenAPI security requirement, so the document says what each route needs.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";
import { allows, scopeName, type Need, type Resource } from "../shared/scopes";

type RouteResource = Exclude<Resource, "streams">;
type RouteLevel = "read" | "write";

export function insufficientScope(need: Need): ApiError {
  const name = scopeName(need);
  const where = need.path === undefined ? "" : ` for the stream ${need.path}`;
  return new ApiError(403, "insufficient_scope", `This key lacks the ${name} scope${where}`);
}

/** Throws 403 insufficient_scope unless the caller's scopes grant `need`. */
export function assertScope(c: Context<AppEnv>, need: Need): void {
  if (!allows(c.get("principal").scopes, need)) throw insufficientScope(need);
}

export const requireScope =
  (resource: RouteResource, level: RouteLevel): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    assertScope(c, { resource, level });
    await next();
  };

/** Spread into createRoute: the security requirement (with the scope) and the check that enforces it. */
export const scoped = (resource: RouteResource, level: RouteLevel) => ({
  security: [{ bearerAuth: [scopeName({ resource, level })] }],
  middleware: [requireScope(resource, level)],
});
