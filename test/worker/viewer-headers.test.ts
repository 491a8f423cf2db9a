// The viewer page's own security headers reach the browser unchanged (the app-wide secureHeaders
// must not overwrite them), on the page and on its error pages; other routes keep the app-wide set.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ShareLink } from "../../src/shared/schemas/shares";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";

const VIEWER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What every viewer page answers with, whatever its status. */
function expectViewerHeaders(res: Response) {
  expect(res.headers.get("content-security-policy")).toBe(VIEWER_CSP);
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("content-type")).toContain("text/html");
}

async function newShare() {
  const tenant = await createTenant();
  const session = await createSession(tenant.key);
  const res = await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body: { mode: "live" } });
  return { tenant, share: await expectJson(res, 201, ShareLink) };
}

describe("viewer page headers", () => {
  it("the page answers X-Frame-Options: DENY and the strict CSP", async () => {
    const { share } = await newShare();
    const page = await SELF.fetch(`http://gateway.test/s/${share.code}`);
    expect(page.status).toBe(200);
    expectViewerHeaders(page);
  });

  it("so do its 404 and 410 error pages", async () => {
    const missing = await SELF.fetch("http://gateway.test/s/doesNotExist1");
    expect(missing.status).toBe(404);
    expectViewerHeaders(missing);
    const { tenant, share } = await newShare();
    expect((await call(tenant.key, "DELETE", `/v1/shares/${share.code}`)).status).toBe(204);
    const gone = await SELF.fetch(`http://gateway.test/s/${share.code}`);
    expect(gone.status).toBe(410);
    expectViewerHeaders(gone);
  });

  it("other routes keep the app-wide headers", async () => {
    for (const res of [await SELF.fetch("http://gateway.test/"), await SELF.fetch("http://gateway.test/api/shares/doesNotExist1/token", { method: "POST" })]) {
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBeNull();
    }
  });
});
