// What `wrangler dev` prints while a share link is opened (the output `npm start` shows): the
// Worker's own request lines, with the code cut, and never the whole code.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import * as gateway from "../../scripts/lib/local-gateway.mjs";
import { SessionRow } from "../../src/shared/schemas/sessions";
import { ShareLink } from "../../src/shared/schemas/shares";
import { TEST_ADMIN_TOKEN, TEST_SERVER_CREDENTIALS_KEY, TEST_VIEWER_TOKEN_SECRET } from "../helpers/constants";

const persistTo = mkdtempSync(join(tmpdir(), "gateway-e2e-logs-"));
const apiKey = "csk_test_logsLogsLogsLogsLogsLogsLogs0000";
let server: Awaited<ReturnType<typeof gateway.startWranglerDev>>;

beforeAll(async () => {
  await gateway.applyLocalMigrations(persistTo);
  await gateway.seedTenant(persistTo, {
    orgId: "org_e2e0000000000003",
    orgName: "Logs",
    projectId: "prj_e2e0000000000003",
    projectName: "Default",
    environment: "test",
    apiKey,
  });
  const vars = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, VIEWER_TOKEN_SECRET: TEST_VIEWER_TOKEN_SECRET, SERVER_CREDENTIALS_KEY: TEST_SERVER_CREDENTIALS_KEY };
  server = await gateway.startWranglerDev({ port: await gateway.freePort(), persistTo, vars });
});

afterAll(async () => {
  if (server) await gateway.stopProcess(server.child);
  rmSync(persistTo, { recursive: true, force: true });
});

const api = async <T extends z.ZodType>(schema: T, method: string, path: string, body: unknown): Promise<z.output<T>> => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return schema.parse(await res.json());
};

describe("wrangler dev output", () => {
  it("shows each share-link request with the code cut, and never the whole code", async () => {
    const session = await api(SessionRow, "POST", "/v1/sessions", { servers: [] });
    const share = await api(ShareLink, "POST", `/v1/sessions/${session.id}/shares`, { mode: "live" });
    const cut = `${share.code.slice(0, 4)}…`;
    expect((await fetch(`${server.url}/s/${share.code}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/shares/${share.code}/token`, { method: "POST" })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/shares/${share.code}`, { method: "DELETE", headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(204);
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain(`DELETE /v1/shares/${cut} 204`);
    const output = server.output();
    expect(output).toContain(`GET /s/${cut} 200`);
    expect(output).toContain(`POST /api/shares/${cut}/token 200`);
    expect(output).not.toContain(share.code);
  });
});
