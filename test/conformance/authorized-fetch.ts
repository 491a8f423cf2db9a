// The conformance suite sends no credentials: wrap fetch so every request to the gateway carries the
// test tenant's API key, the way an authenticated Durable Streams client would.
import { inject } from "vitest";

const apiKey = inject("apiKey");
const baseUrl = inject("baseUrl");
const unwrapped = globalThis.fetch;

globalThis.fetch = (input, init = {}) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(baseUrl)) return unwrapped(input, init);
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set("authorization", `Bearer ${apiKey}`);
  return unwrapped(input, { ...init, headers });
};
