#!/usr/bin/env node
// The Durable Streams reference server (@durable-streams/server) in its own process on loopback,
// for the benchmark to compare against: in memory, or with DATA_DIR set, its file-backed store
// there. Prints "READY <url>"; stops on SIGTERM.
import { DurableStreamTestServer } from "@durable-streams/server";

const port = Number(process.env.PORT ?? 0);
const dataDir = process.env.DATA_DIR;
const server = new DurableStreamTestServer({ host: "127.0.0.1", port, longPollTimeout: 1_000, ...(dataDir ? { dataDir } : {}) });
const url = await server.start();
console.log(`READY ${url}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
