// /v1/webhooks registration: the delivery URL obeys the same destinations rule as MCP servers
// (no private, link-local or reserved addresses), and the secret never comes back.
import { describe, expect, it } from "vitest";
import { expectError } from "../helpers/worker-assert";
import { call, createTenant } from "../helpers/worker-api";

const SECRET = "whsec_worker_test_0123456789";

describe("webhook registration", () => {
  it.each([
    ["a private address", "http://10.0.0.1/hook"],
    ["link-local metadata", "http://169.254.169.254/latest"],
    ["an internal name", "https://billing.internal/hook"],
  ])("refuses %s with 400 url_not_allowed and stores nothing", async (_label, url) => {
    const tenant = await createTenant();
    const body = await expectError(await call(tenant.key, "POST", "/v1/webhooks", { body: { url, secret: SECRET } }), 400, "url_not_allowed");
    expect(body.message).toContain("url");
    const list = await call(tenant.key, "GET", "/v1/webhooks");
    expect(await list.json()).toEqual({ webhooks: [] });
  });

  it("registers a public URL and never returns its secret", async () => {
    const tenant = await createTenant();
    const created = await call(tenant.key, "POST", "/v1/webhooks", { body: { url: "https://hooks.example.com/codespar", secret: SECRET } });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(JSON.parse(text)).toMatchObject({
      url: "https://hooks.example.com/codespar",
      events: ["permission_request", "turn_complete", "error", "session_end"],
    });
    expect(text).not.toContain(SECRET);
  });
});
