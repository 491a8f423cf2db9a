// How a user's secrets become the headers a server is called with: each of the server's connect
// fields names its header (and prefix, e.g. "Bearer "). One string is the server's first field.
import type { ConnectField } from "../shared/schemas/servers";
import { ApiError } from "./errors";

export function secretHeaders(fields: readonly ConnectField[], secret: string | Record<string, string>): Record<string, string> {
  const values = typeof secret === "string" ? { [fields[0]?.name ?? "api_key"]: secret } : secret;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.find((candidate) => candidate.name === key || candidate.header.toLowerCase() === key.toLowerCase());
    if (!field) {
      throw new ApiError(400, "validation_failed", `secret.${key}: not a field of this server (fields: ${fields.map((f) => f.name).join(", ")})`);
    }
    headers[field.header.toLowerCase()] = `${field.prefix ?? ""}${value}`;
  }
  const missing = fields.filter((field) => !(field.header.toLowerCase() in headers));
  if (missing.length > 0) throw new ApiError(400, "validation_failed", `secret: missing ${missing.map((field) => field.name).join(", ")}`);
  return headers;
}
