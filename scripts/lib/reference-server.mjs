#!/usr/bin/env node
// The Durable Streams reference server (@durable-streams/server, in memory) in its own process on
// loopback, for the benchmark to compare against. Prints "READY <url>"; stops on SIGTERM.
import { DurableStreamTestServer } from "@durable-streams/server";

const port = Number(process.env.PORT ?? 0);
const server = new DurableStreamTestServer({ host: "127.0.0.1", port, longPollTimeout: 1_000 });
const url = await server.start();
console.log(`READY ${url}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
