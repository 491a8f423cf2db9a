// Delivery signatures. Webhooks: `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`;
// flamecast-signed webhooks, as @flamecast/protocol verifies them: `X-Flamecast-Signature: sha256=<hex HMAC-SHA256(secret, body)>`;
// triggers, as CodeSpar documents them: `X-CodeSpar-Signature: <hex HMAC-SHA256(secret, body)>`.
// Receivers recompute the HMAC over the raw body (webhook receivers also reject stale timestamps).
const encoder = new TextEncoder();

export const SIGNATURE_HEADER = "X-Gateway-Signature";
export const FLAMECAST_SIGNATURE_HEADER = "X-Flamecast-Signature";
export const TRIGGER_SIGNATURE_HEADER = "X-CodeSpar-Signature";

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function signWebhook(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** What the seed's signWebhookPayload returns: no timestamp, so a retry of the same body carries the same signature. */
export async function signFlamecast(secret: string, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, body)}`;
}

/** No timestamp in CodeSpar's format: the body's `created_at` is what a receiver can check for age. */
export function signTrigger(secret: string, body: string): Promise<string> {
  return hmacHex(secret, body);
}
