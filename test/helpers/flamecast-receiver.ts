// A webhook receiver for tests that check Flamecast-signed deliveries: it takes the outbox's requests
// to one URL prefix (in the runtime, through a fetch spy: a workerd test cannot listen on a socket),
// answers each with a scripted status, and verifies signatures the way @flamecast/protocol's
// verifyWebhookSignature does, re-implemented here so the test does not trust the gateway's signer:
// "sha256=" + hex HMAC-SHA256(secret, raw body), lengths compared first, then the bytes in constant time.
import { vi } from "vitest";

const encoder = new TextEncoder();

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Equal-length byte arrays compared without an early exit, as node's timingSafeEqual does. */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** The seed's verifyWebhookSignature(secret, body, signature). */
export async function verifyFlamecastSignature(secret: string, body: string, signature: string): Promise<boolean> {
  const expected = `sha256=${await hmacSha256Hex(secret, body)}`;
  if (expected.length !== signature.length) return false;
  return timingSafeEqual(encoder.encode(expected), encoder.encode(signature));
}

/** X-Gateway-Signature `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, for the gateway-signed endpoints beside. */
export async function verifyGatewaySignature(secret: string, body: string, header: string): Promise<boolean> {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  return match[2] === (await hmacSha256Hex(secret, `${match[1]}.${body}`));
}

export interface Delivery {
  url: string;
  headers: Headers;
  /** The raw body, exactly the bytes that were signed. */
  body: string;
}

export interface DeliveryReceiver {
  received: Delivery[];
  /** Statuses for the next requests, in order; 200 once it runs out. */
  script: number[];
  /** The requests to URLs starting with `prefix`, in the order they arrived. */
  to(prefix: string): Delivery[];
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
}

const WAIT_STEP_MS = 20;

/** Takes every request to a URL starting with `prefix`; any other fetch goes through. Undo with vi.restoreAllMocks(). */
export function receiveDeliveries(prefix: string): DeliveryReceiver {
  const received: Delivery[] = [];
  const script: number[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(prefix)) return realFetch(input, init);
    received.push({ url, headers: new Headers(init?.headers), body: typeof init?.body === "string" ? init.body : "" });
    return new Response(null, { status: script.shift() ?? 200 });
  });
  return {
    received,
    script,
    to: (urlPrefix) => received.filter((delivery) => delivery.url.startsWith(urlPrefix)),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`received ${received.length} of ${count} deliveries`);
        await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
      }
      return received;
    },
  };
}
