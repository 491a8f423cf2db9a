// `npm run serve` listens on the Worker's `direct` entrypoint (no assets router in front): the API
// and the share-link routes reach the Worker, everything else is the viewer's static assets.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/local-gateway.mjs";
import { startServeOnFreePort, type startServeProcess } from "../../scripts/lib/serve-process.mjs";

const API_KEY = "csk_test_serveServeServeServe000001";
const stateDir = mkdtempSync(join(tmpdir(), "gateway-serve-"));
let server: Awaited<ReturnType<typeof startServeProcess>>;

beforeAll(async () => {
  server = await startServeOnFreePort({ stateDir, env: { DEV_API_KEY: API_KEY } });
});

afterAll(async () => {
  await server?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("npm run serve", () => {
  it("answers the API, with the seeded key and without one", async () => {
    const whoami = await fetch(`${server.url}/v1/whoami`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(whoami.status).toBe(200);
    const anonymous = await fetch(`${server.url}/v1/whoami`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: "unauthorized" });
  });

  it("routes share links to the Worker and serves the viewer's bundle as static assets", async () => {
    const unknown = await fetch(`${server.url}/s/NoSuchCode99`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("text/html");
    const index = readFileSync(join(ROOT, "spa", "dist", "index.html"), "utf8");
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(index)?.[1];
    expect(script).toMatch(/^\/assets\//);
    const bundle = await fetch(`${server.url}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
  });
});
