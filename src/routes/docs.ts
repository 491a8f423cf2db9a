// The API description: OpenAPI 3.1 generated from the same zod schemas that validate requests,
// served as /openapi.json and rendered at /docs.
import { Scalar } from "@scalar/hono-api-reference";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ERROR_CODE_NAMES, ERROR_CODES } from "../shared/error-codes";

export function mountDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key: csk_live_... or csk_test_...",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The operator's ADMIN_TOKEN secret",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "webhookSignature", {
    type: "apiKey",
    in: "header",
    name: "X-Webhook-Signature",
    description: "sha256=<hex HMAC-SHA256 of the raw body with the server's webhook_secret>",
  });
  // The error catalogue (src/shared/error-codes.ts) as a schema: every `code` an error body carries.
  app.openAPIRegistry.registerComponent("schemas", "ErrorCode", {
    type: "string",
    enum: [...ERROR_CODE_NAMES],
    description: ERROR_CODE_NAMES.map((code) => `- \`${code}\` (${ERROR_CODES[code].status.join(", ")}): ${ERROR_CODES[code].description}`).join("\n"),
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "CodeSpar session gateway",
      version: "1.0.0",
      description:
        "Multi-tenant session API for AI agents. Select a project with the x-codespar-project header; without it, the organization's default project is used. Errors are always {error, code, message}.",
    },
  });
  app.get("/docs", Scalar({ url: "/openapi.json", pageTitle: "CodeSpar session gateway API" }));
}
