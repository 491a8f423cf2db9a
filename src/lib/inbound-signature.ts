// Verifying inbound provider webhooks: `X-Webhook-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`
// (a bare hex value is accepted too), compared in constant time with the one the server's
// webhook_secret gives.
import { constantTimeEqual } from "./crypto";

export const INBOUND_SIGNATURE_HEADER = "X-Webhook-Signature";

const encoder = new TextEncoder();
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Over the body's bytes as received (text is taken as UTF-8), so a body that is not valid UTF-8 still verifies. */
export async function hmacSha256Hex(secret: string, body: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, typeof body === "string" ? encoder.encode(body) : body);
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Whether `header` signs `body` with `secret`. A malformed header is simply not a valid signature. */
export async function verifyInboundSignature(secret: string, body: Uint8Array, header: string | undefined): Promise<boolean> {
  const provided = (header ?? "")
    .trim()
    .replace(/^sha256=/i, "")
    .toLowerCase();
  // The expected value is computed either way, so a malformed header costs the same as a wrong one.
  const expected = await hmacSha256Hex(secret, body);
  return (await constantTimeEqual(expected, provided)) && HEX_SHA256.test(provided);
}
