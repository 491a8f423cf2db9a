// The security review's two 500s, pinned: 5,000-level JSON in a session's metadata and in a stream
// append reached a Durable Object, and `Stream-Forked-From: http://` reached an unguarded new URL().
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../src/middleware/json-depth";
import { deepJson } from "../helpers/fuzz-inputs";
import { call, createTenant } from "../helpers/worker-api";
import { streamFetch, uniquePath } from "../helpers/worker-stream";

const REVIEW_DEPTH_LEVELS = 5_000;

async function flatError(res: Response) {
  const body = await res.json<{ error: string; code: string; message: string }>();
  expect(body.error).toBe(body.code);
  expect(typeof body.message).toBe("string");
  return body;
}

describe("input that used to answer 500", () => {
  it("refuses 5,000-level (and MAX_JSON_DEPTH + 1) JSON in session metadata with 400 json_too_deep", async () => {
    const tenant = await createTenant();
    for (const levels of [REVIEW_DEPTH_LEVELS, MAX_JSON_DEPTH + 1]) {
      const body = `{"servers":[],"metadata":{"deep":${deepJson(levels - 2)}}}`;
      const res = await call(tenant.key, "POST", "/v1/sessions", { body });
      expect(res.status, `${levels} levels`).toBe(400);
      expect((await flatError(res)).code).toBe("json_too_deep");
    }
    const list = await call(tenant.key, "GET", "/v1/sessions");
    expect((await list.json<{ data: unknown[] }>()).data).toEqual([]);
  });

  it("accepts JSON exactly MAX_JSON_DEPTH levels deep", async () => {
    const tenant = await createTenant();
    const body = `{"servers":[],"metadata":{"deep":${deepJson(MAX_JSON_DEPTH - 2)}}}`;
    expect((await call(tenant.key, "POST", "/v1/sessions", { body })).status).toBe(201);
  });

  it("refuses a 5,000-level JSON stream append with 400 json_too_deep and stores nothing", async () => {
    const tenant = await createTenant();
    const path = uniquePath("deep");
    const json = { "content-type": "application/json" };
    expect((await streamFetch(tenant.key, "PUT", path, { headers: json })).status).toBe(201);
    const res = await streamFetch(tenant.key, "POST", path, { headers: json, body: `[${deepJson(REVIEW_DEPTH_LEVELS)}]` });
    expect(res.status).toBe(400);
    expect((await flatError(res)).code).toBe("json_too_deep");
    const read = await streamFetch(tenant.key, "GET", `${path}?offset=-1`);
    expect(await read.json()).toEqual([]);
  });

  it("refuses a malformed Stream-Forked-From with 400 invalid_fork_source and creates no stream", async () => {
    const tenant = await createTenant();
    const path = uniquePath("fork");
    const res = await streamFetch(tenant.key, "PUT", path, { headers: { "Stream-Forked-From": "http://" } });
    expect(res.status).toBe(400);
    expect((await flatError(res)).code).toBe("invalid_fork_source");
    expect((await streamFetch(tenant.key, "HEAD", path)).status).toBe(404);
  });
});
