// The JSON depth scanner and its middleware: brackets in strings and escapes do not count, every
// JSON media type is scanned, and the routes behind it still read the body the scanner read.
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH } from "../../src/middleware/json-depth";
import { deepJson } from "../helpers/fuzz-inputs";
import { call, createTenant } from "../helpers/worker-api";
import { streamFetch, uniquePath } from "../helpers/worker-stream";

const depth = (text: string) => jsonDepth(new TextEncoder().encode(text));

describe("jsonDepth", () => {
  it("counts nested arrays and objects", () => {
    expect(depth("1")).toBe(0);
    expect(depth("[]")).toBe(1);
    expect(depth('{"a":[{"b":[]}]}')).toBe(4);
    expect(depth("[[],[[]],[]]")).toBe(3);
    expect(depth(deepJson(5_000))).toBe(5_000);
  });

  it("ignores brackets inside strings, escaped quotes and backslashes included", () => {
    expect(depth('["[[[[", "]]]]"]')).toBe(1);
    expect(depth('["\\"[[[[", "\\\\"]')).toBe(1);
    expect(depth('{"k\\"[":"\\\\\\"{{{{"}')).toBe(1);
    expect(depth(`["💥[[[", ${deepJson(2)}]`)).toBe(3);
  });

  it("stops early past the limit and survives malformed text", () => {
    expect(depth("]]]][[")).toBe(2);
    expect(jsonDepth(new TextEncoder().encode("[".repeat(100_000)), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
    expect(depth('["unterminated [[[[')).toBe(1);
  });
});

describe("the json_too_deep middleware", () => {
  it("refuses every JSON spelling, and leaves other media types to their routes", async () => {
    const tenant = await createTenant();
    const body = deepJson(MAX_JSON_DEPTH + 1);
    for (const type of ["application/json", "APPLICATION/JSON ; charset=utf-8", "application/vnd.api+json"]) {
      const res = await call(tenant.key, "POST", "/v1/sessions", { body, headers: { "content-type": type } });
      expect(await res.json(), type).toMatchObject({ code: "json_too_deep" });
    }
    const text = await call(tenant.key, "POST", "/v1/sessions", { body, headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });

  it("leaves the body readable: a session's metadata and a stream append arrive intact", async () => {
    const tenant = await createTenant();
    const nested: unknown = JSON.parse(deepJson(10));
    const metadata = { note: "[[[{{{ not nesting", nested };
    const created = await call(tenant.key, "POST", "/v1/sessions", { body: { metadata } });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: string }>();
    expect(await (await call(tenant.key, "GET", `/v1/sessions/${id}`)).json()).toMatchObject({ metadata });
    const path = uniquePath("depth");
    const json = { "content-type": "application/json" };
    expect((await streamFetch(tenant.key, "PUT", path, { headers: json })).status).toBe(201);
    expect((await streamFetch(tenant.key, "POST", path, { headers: json, body: '[{"a":"é💥"},[2]]' })).status).toBe(204);
    expect(await (await streamFetch(tenant.key, "GET", `${path}?offset=-1`)).json()).toEqual([{ a: "é💥" }, [2]]);
  });
});
