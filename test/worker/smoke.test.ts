import { describe, expect, it } from "vitest";
import { call, createSession, createTenant } from "../helpers/worker-api";

describe("smoke", () => {
  it("creates a tenant and a session", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    expect(session.status).toBe("active");
    const res = await call(tenant.key, "GET", `/v1/sessions/${session.id}`);
    expect(res.status).toBe(200);
  });
});
