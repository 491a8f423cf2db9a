// Idempotent producers survive a restart of the local server (`npm run serve` on workerd, state on
// disk): retries of writes made before the restart, including one whose response may have been
// lost to the restart, are acknowledged without being appended twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/local-gateway.mjs";
import { startServeProcess } from "../../scripts/lib/serve-process.mjs";

const API_KEY = "csk_test_restartRestartRestart00001";
const STREAM = "restart-producer";
const stateDir = mkdtempSync(join(tmpdir(), "gateway-restart-"));
let server: Awaited<ReturnType<typeof startServeProcess>> | null = null;

async function start() {
  server = await startServeProcess({ port: await freePort(), stateDir, env: { DEV_API_KEY: API_KEY } });
  return server.url;
}

function append(url: string, seq: number, body: unknown) {
  return fetch(`${url}/v1/stream/${STREAM}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
      "producer-id": "restart-writer",
      "producer-epoch": "0",
      "producer-seq": String(seq),
    },
    body: JSON.stringify(body),
  });
}

afterAll(async () => {
  await server?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("producer retries across a server restart", () => {
  it("acknowledges retries of pre-restart writes without duplicating them", async () => {
    let url = await start();
    const created = await fetch(`${url}/v1/stream/${STREAM}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    });
    expect(created.status).toBe(201);
    for (let seq = 0; seq < 3; seq += 1) expect((await append(url, seq, { seq })).status).toBe(200);
    // Seq 3 races the shutdown: its response may be lost, so the producer will retry it.
    const racing = append(url, 3, { seq: 3 }).then(
      (res) => res.status,
      () => "lost",
    );
    await server?.stop();
    await racing;

    url = await start();
    expect((await append(url, 1, { seq: 1 })).status).toBe(204);
    expect((await append(url, 2, { seq: 2 })).status).toBe(204);
    expect([200, 204]).toContain((await append(url, 3, { seq: 3 })).status);
    expect((await append(url, 4, { seq: 4 })).status).toBe(200);
    const read = await fetch(`${url}/v1/stream/${STREAM}?offset=-1`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(await read.json()).toEqual([0, 1, 2, 3, 4].map((seq) => ({ seq })));
  }, 300_000);
});
