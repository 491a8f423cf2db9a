// The README's first command: `npm start` seeds a development organization idempotently, honours
// PORT and DEV_API_KEY, prints the key, base URL and a curl line, and serves the API.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, freePort, stopProcess } from "../../scripts/lib/local-gateway.mjs";
import { ApiKeyList, Whoami } from "../../src/shared/schemas/tenancy";

const stateDir = mkdtempSync(join(tmpdir(), "gateway-start-"));
const DEV_API_KEY = "csk_test_StartCommandKey0123456789abcdef";
let running: ChildProcess | undefined;

/** Runs `npm start` and resolves with what it printed once it shows the banner. */
async function npmStart(port: number): Promise<string> {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DEV_API_KEY, GATEWAY_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running = child;
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes("Try it:")) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start printed no banner:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return output;
}

async function stop() {
  if (!running) return;
  // npm start runs node which runs wrangler: signal the whole process group.
  if (running.pid) process.kill(-running.pid, "SIGTERM");
  await stopProcess(running);
  running = undefined;
}

afterAll(async () => {
  await stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("seeds, prints a working key and serves; a second start reuses the same state", async () => {
    for (let round = 0; round < 2; round++) {
      const port = await freePort();
      const output = await npmStart(port);
      expect(output).toContain(`http://localhost:${port}`);
      expect(output).toContain(DEV_API_KEY);
      expect(output).toMatch(/curl -s -X POST http:\/\/localhost:\d+\/v1\/sessions/);
      const link = /Share link (http:\/\/localhost:\d+\/s\/[A-Za-z0-9]+)/.exec(output)?.[1];
      expect(link).toBeDefined();
      const page = await fetch(link ?? "");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const res = await fetch(`http://localhost:${port}/v1/whoami`, { headers: { authorization: `Bearer ${DEV_API_KEY}` } });
      expect(res.status).toBe(200);
      const who = Whoami.parse(await res.json());
      expect(who.project).toMatchObject({ id: "prj_0000000000000001", environment: "test" });
      const keys = await fetch(`http://localhost:${port}/v1/api-keys`, { headers: { authorization: `Bearer ${DEV_API_KEY}` } });
      expect(ApiKeyList.parse(await keys.json()).keys).toHaveLength(1);
      await stop();
    }
  });
});
