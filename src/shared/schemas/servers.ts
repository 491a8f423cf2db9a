// The project's MCP server registry: what a registration takes and what listings show. Credentials
// (headers or a secret) go in and are never shown again.
import { z } from "zod";
import { IsoTimestamp } from "./common";
import { Tool } from "./tools";

/** The server part of a `server/tool` name, the same grammar the mocks use. */
export const SERVER_ID = /^[a-z0-9][a-z0-9-]*$/;
export const AuthType = z.enum(["oauth", "api_key", "cert", "none"]);
const MAX_CREDENTIAL_CHARS = 8_192;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the gateway sets itself on upstream calls; stored credentials may not replace them. */
export const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "accept",
  "connection",
  "transfer-encoding",
  "upgrade",
  "mcp-session-id",
  "mcp-protocol-version",
  "last-event-id",
  "te",
  "trailer",
  "keep-alive",
  "proxy-authorization",
]);

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2_000);
const HeaderName = z
  .string()
  .regex(HEADER_NAME, "a header name")
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "a header the gateway sets itself");

/** Where an OAuth 2 server's users authorize the gateway (authorization code + PKCE); the client secret is write-only. */
export const OAuthSettings = z
  .object({
    authorize_url: HttpUrl,
    token_url: HttpUrl,
    client_id: z.string().min(1).max(512),
    scopes: z.array(z.string().min(1).max(200)).max(50).default([]),
  })
  .meta({ id: "OAuthSettings" });
export type OAuthSettings = z.infer<typeof OAuthSettings>;

/** One secret a key-based server's users type on the connect page, and the header it is sent in. */
export const ConnectField = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "lowercase letters, digits and _"),
    header: HeaderName,
    label: z.string().min(1).max(100).optional(),
    hint: z.string().max(500).optional(),
    prefix: z.string().max(50).optional().meta({ description: 'Put before the value in the header, e.g. "Bearer "' }),
  })
  .meta({ id: "ConnectField" });
export type ConnectField = z.infer<typeof ConnectField>;

/** Without connect_fields, a connection's secret is one API key sent as Authorization: Bearer. */
export const DEFAULT_CONNECT_FIELDS: readonly ConnectField[] = [{ name: "api_key", header: "authorization", label: "API key", prefix: "Bearer " }];

export const ServerCreate = z
  .object({
    id: z
      .string()
      .max(64)
      .regex(SERVER_ID, "lowercase letters, digits and '-', starting with a letter or digit")
      .refine((id) => id !== "codespar", "codespar names the built-in meta tools"),
    name: z.string().min(1).max(200),
    url: HttpUrl.meta({ description: "The MCP endpoint (Streamable HTTP transport)" }),
    rest_base_url: HttpUrl.optional().meta({ description: "Base URL for proxy_execute; unset means no proxying" }),
    category: z.string().min(1).max(64).default("uncategorized"),
    country: z.string().min(1).max(64).default("global"),
    auth_type: AuthType,
    headers: z
      .record(HeaderName, z.string().max(MAX_CREDENTIAL_CHARS))
      .refine((headers) => Object.keys(headers).length <= 20, "at most 20 headers")
      .optional()
      .meta({ description: "Sent on every call to the server; stored encrypted, never returned" }),
    secret: z
      .string()
      .min(1)
      .max(MAX_CREDENTIAL_CHARS)
      .optional()
      .meta({ description: "Sent as Authorization: Bearer <secret>; stored encrypted, never returned" }),
    oauth: OAuthSettings.extend({
      client_secret: z.string().min(1).max(MAX_CREDENTIAL_CHARS).optional().meta({ description: "Stored encrypted, never returned" }),
    })
      .optional()
      .meta({ description: "For auth_type oauth: where connect links send end users to authorize" }),
    connect_fields: z
      .array(ConnectField)
      .min(1)
      .max(10)
      .refine((fields) => new Set(fields.map((field) => field.name)).size === fields.length, "field names must differ")
      .optional()
      .meta({ description: "The secrets a connect link asks end users for (default: one API key sent as Authorization: Bearer)" }),
    webhook_secret: z
      .string()
      .min(16)
      .max(512)
      .optional()
      .meta({ description: "Verifies the provider's inbound webhooks (HMAC-SHA256); stored encrypted, never returned" }),
  })
  .refine((body) => !(body.headers && body.secret), { message: "send headers or secret, not both", path: ["secret"] })
  .refine((body) => !body.oauth || body.auth_type === "oauth", { message: "oauth settings need auth_type oauth", path: ["oauth"] })
  .refine((body) => body.auth_type !== "none" || (!body.headers && !body.secret), {
    message: "auth_type none takes no credentials",
    path: ["auth_type"],
  })
  .meta({ id: "ServerCreate" });
export type ServerCreate = z.infer<typeof ServerCreate>;

export const Server = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    rest_base_url: z.string().nullable(),
    category: z.string(),
    country: z.string(),
    auth_type: AuthType,
    has_credentials: z.boolean(),
    oauth: OAuthSettings.nullable(),
    connect_fields: z.array(ConnectField),
    has_webhook_secret: z.boolean(),
    created_at: IsoTimestamp,
  })
  .meta({ id: "Server", description: "A registered MCP server; its credentials are never returned" });
export type Server = z.infer<typeof Server>;

export const ServerList = z.object({ data: z.array(Server), servers: z.array(Server) }).meta({ id: "ServerList" });

export const ToolList = z.object({ data: z.array(Tool), tools: z.array(Tool) }).meta({ id: "ToolList" });
