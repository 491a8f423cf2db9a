// The Worker's HTTP app: middleware in order, then one router per resource. Nothing else lives here.
import { NOT_SUPPORTED_PREFIXES, notSupported } from "./routes/not-supported";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { MiddlewareHandler } from "hono";
import { EXPOSED_HEADERS, REQUEST_HEADERS } from "./shared/protocol/durable-streams";
import type { AppEnv } from "./env";
import { ApiError, renderError } from "./lib/errors";
import { createRouter } from "./lib/router";
import { apiKeyAuth } from "./middleware/auth";
import { requestLog } from "./middleware/request-log";
import { cors, requestId } from "./middleware/response-headers";
import { jsonDepthLimit } from "./middleware/json-depth";
import { admin } from "./routes/admin";
import { agent } from "./routes/agent";
import { apiKeys } from "./routes/api-keys";
import { connectPage } from "./routes/connect-page";
import { connections, connectStart } from "./routes/connections";
import { mountDocs } from "./routes/docs";
import { inboundWebhooks } from "./routes/inbound-webhooks";
import { logs } from "./routes/logs";
import { metaTools } from "./routes/meta-tools";
import { projects } from "./routes/projects";
import { providerKeys } from "./routes/provider-keys";
import { queue } from "./routes/queue";
import { sessionEvents } from "./routes/session-events";
import { sessionMcp } from "./routes/session-mcp";
import { sessionProxy } from "./routes/session-proxy";
import { sessionSend } from "./routes/session-send";
import { sessionTools } from "./routes/session-tools";
import { servers } from "./routes/servers";
import { sessions } from "./routes/sessions";
import { sessionShares, shares } from "./routes/shares";
import { shortener } from "./routes/shortener";
import { viewer } from "./routes/viewer";
import { streams } from "./routes/streams";
import { toolCalls } from "./routes/tool-calls";
import { tools } from "./routes/tools";
import { triggers } from "./routes/triggers";
import { webhooks } from "./routes/webhooks";
import { whoami } from "./routes/whoami";

/** The body bound, built once per configured size (not once per request). */
const bodyLimits = new Map<string, MiddlewareHandler<AppEnv>>();
const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const configured = c.env.MAX_BODY_BYTES;
  let limit = bodyLimits.get(configured);
  if (!limit) {
    limit = bodyLimit({
      maxSize: Number(configured),
      onError: () => {
        throw new ApiError(413, "payload_too_large", `The request body is over ${configured} bytes`);
      },
    });
    bodyLimits.set(configured, limit);
  }
  return limit(c, next);
};

export const app = createRouter();

app.use("*", requestId);
app.use("*", requestLog);
// overwrite: false keeps a route's own stricter headers (the viewer page's CSP and X-Frame-Options: DENY).
app.use("*", secureHeaders({ overwrite: false }));
app.use(
  "/v1/*",
  cors({
    allowHeaders: ["Authorization", "Content-Type", "x-codespar-project", "mcp-protocol-version", "mcp-session-id", ...REQUEST_HEADERS],
    exposeHeaders: ["X-Request-Id", ...EXPOSED_HEADERS],
    maxAgeSeconds: 86_400,
  }),
);
app.use("*", limitBody);
app.use("*", jsonDepthLimit);
app.use("/v1/*", apiKeyAuth);

app.route("/admin", admin);
app.route("/v1/projects", projects);
app.route("/v1/projects", providerKeys);
app.route("/v1/api-keys", apiKeys);
app.route("/v1/whoami", whoami);
app.route("/v1/stream", streams);
app.route("/v1/webhooks", webhooks);
app.route("/v1/sessions", sessions);
app.route("/v1/sessions", sessionEvents);
app.route("/v1/sessions", sessionTools);
app.route("/v1/sessions", sessionSend);
app.route("/v1/sessions", queue);
app.route("/v1/sessions", agent);
app.route("/v1/sessions", sessionShares);
app.route("/v1/sessions", sessionProxy);
app.route("/v1/sessions", sessionMcp);
app.route("/v1/servers", servers);
app.route("/v1/tools", tools);
app.route("/v1/meta-tools", metaTools);
app.route("/v1/connect", connectStart);
app.route("/v1/connections", connections);
app.route("/v1/shares", shares);
app.route("/v1/triggers", triggers);
app.route("/v1/tool-calls", toolCalls);
app.route("/v1/logs", logs);
app.route("/v1/webhooks/inbound", inboundWebhooks);
for (const prefix of NOT_SUPPORTED_PREFIXES) app.route(prefix, notSupported);
app.route("/", viewer);
app.route("/", shortener);
app.route("/", connectPage);
mountDocs(app);

app.get("/", (c) => c.json({ name: "codespar-session-gateway", docs: "/docs", openapi: "/openapi.json" }));
app.notFound((c) => renderError(new ApiError(404, "not_found", `No route for ${c.req.method} ${c.req.path}`), c));
app.onError(renderError);
