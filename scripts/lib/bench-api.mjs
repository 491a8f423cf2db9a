// The benchmarks' API client: JSON calls to a gateway with one API key; a non-2xx answer throws
// with its status and body, so a benchmark never measures a run of errors.

/**
 * @param {string} url the gateway's origin
 * @param {string} key a `csk_` key
 * @returns {(method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>}
 */
export function benchApi(url, key) {
  return async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return /** @type {Record<string, unknown>} */ (await res.json());
  };
}
