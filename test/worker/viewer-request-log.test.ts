// The Worker's own request log: one line per request (method, path, status, ms, request id), with
// any share code in the path cut to its first characters, so logs never hold a usable link.
import { SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ShareLink } from "../../src/shared/schemas/shares";
import { expectJson } from "../helpers/worker-assert";
import { call, createSession, createTenant } from "../helpers/worker-api";

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  vi.spyOn(console, "log").mockImplementation(capture);
  vi.spyOn(console, "info").mockImplementation(capture);
  vi.spyOn(console, "warn").mockImplementation(capture);
  vi.spyOn(console, "error").mockImplementation(capture);
});
afterEach(() => vi.restoreAllMocks());

describe("request log", () => {
  it("logs every request once, with share codes cut", async () => {
    const tenant = await createTenant();
    const session = await createSession(tenant.key);
    const share = await expectJson(await call(tenant.key, "POST", `/v1/sessions/${session.id}/shares`, { body: { mode: "live" } }), 201, ShareLink);
    const code = share.code;
    const cut = `${code.slice(0, 4)}…`;

    const page = await SELF.fetch(`http://gateway.test/s/${code}`);
    await page.body?.cancel();
    const token = await SELF.fetch(`http://gateway.test/api/shares/${code}/token`, { method: "POST" });
    await token.body?.cancel();
    const revoke = await call(tenant.key, "DELETE", `/v1/shares/${code}`);
    const gone = await SELF.fetch(`http://gateway.test/s/${code}?from=mail`);
    await gone.body?.cancel();

    expect(lines.join("\n")).not.toContain(code);
    const line = (needle: string) => lines.find((entry) => entry.includes(needle));
    expect(line(`GET /s/${cut} 200 `)).toMatch(new RegExp(`^GET /s/${cut} 200 \\d+ms ${page.headers.get("x-request-id")}$`));
    expect(line(`POST /api/shares/${cut}/token 200 `)).toContain(token.headers.get("x-request-id") ?? "missing");
    expect(line(`DELETE /v1/shares/${cut} 204 `)).toContain(revoke.headers.get("x-request-id") ?? "missing");
    // The query string is never logged.
    expect(line(`GET /s/${cut} 410 `)).not.toContain("from=mail");
    expect(line(`POST /v1/sessions/${session.id}/shares 201 `)).toBeDefined();
  });
});
