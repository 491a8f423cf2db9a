#!/usr/bin/env node
// A baseline Worker with one Durable Object class on workerd through Miniflare, its object SQLite on
// disk under STATE_DIR, in its own process like the other servers so its memory and CPU are
// measured the same way. BARE_WORKER picks which: "stream" (the default, bare-object-worker.mjs, the
// stream benchmark's bare object) or "echo" (echo-worker.mjs, the session API benchmark's floor).
// Prints "READY <url>"; stops on SIGTERM.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";

/** @type {Record<string, { name: string; script: string; binding: string; className: string }>} */
const WORKERS = {
  stream: { name: "bare-object", script: "bare-object-worker.mjs", binding: "STREAM", className: "BareStream" },
  echo: { name: "echo", script: "echo-worker.mjs", binding: "SESSION", className: "EchoSession" },
};

const port = Number(process.env.PORT ?? 0);
const stateDir = process.env.STATE_DIR;
if (!stateDir) throw new Error("STATE_DIR is required");
const worker = WORKERS[process.env.BARE_WORKER ?? "stream"];
if (!worker) throw new Error(`BARE_WORKER must be one of ${Object.keys(WORKERS).join(", ")}`);
// Served as the gateway is (workerd-gateway.mjs): a direct socket into the Worker, no entry worker,
// no request logging through Node.
const miniflare = new Miniflare(
  convertV4MiniflareOptions({
    name: worker.name,
    modules: true,
    scriptPath: fileURLToPath(new URL(`./${worker.script}`, import.meta.url)),
    compatibilityDate: "2026-11-01",
    durableObjects: { [worker.binding]: { className: worker.className, useSQLite: true } },
    host: "127.0.0.1",
    port: 0,
    unsafeDirectSockets: [{ host: "127.0.0.1", port }],
    cf: false,
    logRequests: false,
    log: new Log(LogLevel.WARN),
    resourcePersistencePath: join(stateDir, "v3"),
  }),
);
await miniflare.ready;
const url = await miniflare.unsafeGetDirectURL();
console.log(`READY ${url.origin}`);

const stop = async () => {
  await miniflare.dispose();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
