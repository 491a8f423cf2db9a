#!/usr/bin/env node
// The bare Durable Object baseline (bare-object-worker.mjs) on workerd through Miniflare, its object
// SQLite on disk under STATE_DIR, in its own process like the other servers so its memory is
// measured the same way. Prints "READY <url>"; stops on SIGTERM.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";

const port = Number(process.env.PORT ?? 0);
const stateDir = process.env.STATE_DIR;
if (!stateDir) throw new Error("STATE_DIR is required");
// Served as the gateway is (workerd-gateway.mjs): a direct socket into the Worker, no entry worker,
// no request logging through Node.
const miniflare = new Miniflare(
  convertV4MiniflareOptions({
    name: "bare-object",
    modules: true,
    scriptPath: fileURLToPath(new URL("./bare-object-worker.mjs", import.meta.url)),
    compatibilityDate: "2026-11-01",
    durableObjects: { STREAM: { className: "BareStream", useSQLite: true } },
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
