// End-to-end helpers: calls to the gateway under test over real HTTP with the seeded key.
import { inject } from "vitest";

export const baseUrl = inject("baseUrl");
export const apiKey = inject("apiKey");

export function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function apiJson<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await api(method, path, body, headers);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
