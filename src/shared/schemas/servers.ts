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
      .record(
        z
          .string()
          .regex(HEADER_NAME, "a header name")
          .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "a header the gateway sets itself"),
        z.string().max(MAX_CREDENTIAL_CHARS),
      )
      .refine((headers) => Object.keys(headers).length <= 20, "at most 20 headers")
      .optional()
      .meta({ description: "Sent on every call to the server; stored encrypted, never returned" }),
    secret: z
      .string()
      .min(1)
      .max(MAX_CREDENTIAL_CHARS)
      .optional()
      .meta({ description: "Sent as Authorization: Bearer <secret>; stored encrypted, never returned" }),
  })
  .refine((body) => !(body.headers && body.secret), { message: "send headers or secret, not both", path: ["secret"] })
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
    created_at: IsoTimestamp,
  })
  .meta({ id: "Server", description: "A registered MCP server; its credentials are never returned" });
export type Server = z.infer<typeof Server>;

export const ServerList = z.object({ data: z.array(Server), servers: z.array(Server) }).meta({ id: "ServerList" });

export const ToolList = z.object({ data: z.array(Tool), tools: z.array(Tool) }).meta({ id: "ToolList" });
