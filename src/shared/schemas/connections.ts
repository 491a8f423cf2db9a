// Per-user connections and the connect links that collect them: what the API takes and shows, and
// what the hosted connect page reads. Secrets go in and are never shown again.
import { z } from "zod";
import { IsoTimestamp } from "./common";

export const ConnectionStatus = z.enum(["pending", "connected", "revoked", "expired"]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** Who a connection belongs to when the caller names nobody (sessions without a user_id too). */
export const DEFAULT_USER_ID = "default";
export const UserId = z.string().min(1).max(128);

const MAX_SECRET_CHARS = 4_096;
const Secret = z.string().min(1).max(MAX_SECRET_CHARS);
const isLoopbackHost = (host: string) => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

/** Where the connect page sends the end user afterwards: https, or http on the user's own machine. */
export const RedirectUri = z
  .url()
  .max(2_000)
  .refine((text) => {
    // zod's url() is looser than the WHATWG parser the redirect will use: what that cannot parse is refused.
    const url = URL.parse(text);
    return url !== null && (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)));
  }, "must be https, or http on localhost")
  .meta({ example: "https://app.example.com/connected" });

export const ConnectStart = z
  .object({
    server_id: z.string().min(1).max(64),
    user_id: UserId.optional(),
    redirect_uri: RedirectUri,
    scopes: z.array(z.string().min(1).max(200)).max(50).optional(),
  })
  .meta({ id: "ConnectStart" });

export const ConnectLink = z
  .object({
    link_token: z.string(),
    authorize_url: z.string().meta({ description: "The hosted connect page the end user opens (single use)" }),
    expires_at: IsoTimestamp,
    connection_id: z.string(),
  })
  .meta({ id: "ConnectLink" });
export type ConnectLink = z.infer<typeof ConnectLink>;

export const ConnectionCreate = z
  .object({
    server_id: z.string().min(1).max(64),
    secret: z.union([Secret, z.record(z.string().min(1).max(64), Secret)]).meta({
      description: "One API key, or the server's connect fields by name (or header); stored encrypted, never returned",
    }),
    display_name: z.string().min(1).max(128).optional(),
    user_id: UserId.optional(),
    connection_metadata: z
      .record(z.string(), z.unknown())
      .refine((value) => JSON.stringify(value).length <= 8_192, "at most 8 KiB of JSON")
      .optional(),
  })
  .meta({ id: "ConnectionCreate" });
export type ConnectionCreate = z.infer<typeof ConnectionCreate>;

export const ConnectionRow = z
  .object({
    id: z.string().meta({ example: "ca_9f2c41d0a1b2c3d4" }),
    user_id: z.string(),
    server_id: z.string(),
    auth_type: z.string(),
    status: ConnectionStatus,
    display_name: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    connection_metadata: z.record(z.string(), z.unknown()),
    created_at: IsoTimestamp,
    connected_at: IsoTimestamp.nullable(),
    revoked_at: IsoTimestamp.nullable(),
    expires_at: IsoTimestamp.nullable(),
  })
  .meta({ id: "ConnectionRow", description: "A user's connection to one server; its secret is never returned" });
export type ConnectionRow = z.infer<typeof ConnectionRow>;

export const ConnectionList = z.object({ connections: z.array(ConnectionRow), data: z.array(ConnectionRow) }).meta({ id: "ConnectionList" });

export const ConnectionQuery = z.object({
  user_id: UserId.optional(),
  server_id: z.string().min(1).max(64).optional(),
  status: ConnectionStatus.optional(),
});

/** What the hosted connect page shows before the user types anything: never a secret, never the project. */
export const ConnectPageInfo = z
  .object({
    server: z.object({ id: z.string(), name: z.string(), auth_type: z.string() }),
    fields: z.array(z.object({ name: z.string(), label: z.string(), hint: z.string().nullable() })),
    expires_at: IsoTimestamp,
  })
  .meta({ id: "ConnectPageInfo" });
export type ConnectPageInfo = z.infer<typeof ConnectPageInfo>;

export const ConnectPageSubmit = z.object({ secrets: z.record(z.string().min(1).max(64), Secret) }).meta({ id: "ConnectPageSubmit" });
export const ConnectPageDone = z.object({ redirect_url: z.string() }).meta({ id: "ConnectPageDone" });
