// proxy_execute: a raw HTTP call to a registered server's REST base URL with its stored credentials.
import { z } from "zod";

export const PROXY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export const ProxyBody = z
  .object({
    server: z.string().min(1).max(64),
    endpoint: z.string().min(1).max(2_000).meta({ description: "A path under the server's rest_base_url, e.g. /v3/customers" }),
    method: z
      .string()
      .transform((method) => method.toUpperCase())
      .pipe(z.enum(PROXY_METHODS)),
    body: z.unknown().optional().meta({ description: "Sent as JSON (a string is sent as it is)" }),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .meta({ description: "Query parameters" }),
    headers: z.record(z.string(), z.string().max(8_192)).optional(),
  })
  .refine((body) => body.body === undefined || (body.method !== "GET" && body.method !== "HEAD"), {
    message: "GET and HEAD requests take no body",
    path: ["body"],
  })
  .meta({ id: "ProxyBody" });
export type ProxyBody = z.infer<typeof ProxyBody>;

export const ProxyResult = z
  .object({
    status: z.number().int(),
    data: z.unknown().meta({ description: "Parsed JSON when the upstream says JSON, else the text (null when empty)" }),
    headers: z.record(z.string(), z.string()),
    duration: z.number().meta({ description: "milliseconds" }),
    proxy_call_id: z.string(),
  })
  .meta({ id: "ProxyResult" });
export type ProxyResult = z.infer<typeof ProxyResult>;
