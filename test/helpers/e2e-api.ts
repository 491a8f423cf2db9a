// End-to-end helpers: calls to the gateway under test over real HTTP with the seeded key.
import { inject } from "vitest";
import type { z } from "zod";

export const baseUrl = inject("baseUrl");
export const apiKey = inject("apiKey");

export function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Calls the API, fails unless it answers 2xx, and parses the JSON answer with `schema` (which throws on another shape). */
export async function apiJson<T extends z.ZodType>(
  schema: T,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<z.output<T>> {
  const res = await api(method, path, body, headers);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return schema.parse(await res.json());
}
