// The Worker's live-tail machinery against an in-test log: one socket per log per isolate, each frame
// encoded once and handed to every reader as the same bytes, slow readers cut off without touching
// fast ones, catch-up reads on gaps, socket hand-over when the owner leaves, rotation and pings.
import { afterEach, describe, expect, it } from "vitest";
import { liveStats } from "../../src/lib/live/hub";
import { SseReader, type SseOptions } from "../../src/lib/live/sse-reader";
import { FakeLog } from "../helpers/worker-fake-log";
import { control, jsonMessages, SseEvents } from "../helpers/worker-stream";
import { stringContaining } from "../helpers/matchers";

const opened: SseEvents[] = [];

function reader(log: FakeLog, options: SseOptions = {}, from = log.tailSeq): SseEvents {
  const client = new AbortController();
  const sse = new SseReader(log, log.info(), log.page(from), 0, { ...options, signal: client.signal });
  const events = new SseEvents(sse.stream.getReader(), () => client.abort());
  opened.push(events);
  return events;
}

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function lastOf<T>(items: readonly T[]): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error("no events");
  return item;
}

const upToDateControl = (event: { type: string; data: string }) => event.type === "control" && control(event).upToDate === true;
const payload = (n: number) => ({ n, pad: "x".repeat(180) });

afterEach(async () => {
  await Promise.all(opened.splice(0).map((events) => events.cancel()));
});

describe("live tail (Worker side)", () => {
  it("feeds all of an isolate's readers from one socket, with the same encoded bytes", async () => {
    const log = new FakeLog();
    const readers = [reader(log), reader(log), reader(log)];
    for (const events of readers) await events.until(upToDateControl);
    const pumping = readers.map((events) => events.until((event) => event.type === "control" && control(event).streamNextOffset === log.offset(1)));
    await waitFor(() => log.connects === 1);
    const before = liveStats();
    log.append([{ hello: "world" }]);
    for (const got of await Promise.all(pumping)) {
      expect(got).toEqual([
        { type: "data", data: '[{"hello":"world"}]' },
        { type: "control", data: stringContaining(`"streamNextOffset":"${log.offset(1)}"`) },
      ]);
    }
    expect(log.connects).toBe(1);
    expect(liveStats().encodes - before.encodes).toBe(1);
    expect(liveStats().deliveries - before.deliveries).toBe(3);
  });

  it("cuts off a reader that falls too far behind, cleanly, while a fast reader gets everything", async () => {
    const log = new FakeLog();
    const slow = reader(log, { maxLagBytes: 4_096 });
    const fast = reader(log, { maxLagBytes: 4_096 });
    await fast.until(upToDateControl);
    // Appends start once the socket is up, so both readers follow frames (not catch-up reads).
    await waitFor(() => log.connects === 1);
    const total = 60;
    const received = fast.until((event) => event.type === "control" && control(event).streamNextOffset === log.offset(total), 10_000);
    for (let n = 1; n <= total; n += 1) {
      log.append([payload(n)]);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(jsonMessages(await received).messages).toEqual(Array.from({ length: total }, (_, i) => payload(i + 1)));
    const slowEvents = await slow.until(() => false);
    expect(slow.done).toBe(true);
    const { messages, lastOffset } = jsonMessages(slowEvents);
    expect(messages.length).toBeLessThan(total);
    const resumed = reader(log, {}, lastOffset === null ? 0 : Number(lastOffset.split("_")[1]));
    const rest = jsonMessages(await resumed.until(upToDateControl)).messages;
    expect([...messages, ...rest]).toEqual(Array.from({ length: total }, (_, i) => payload(i + 1)));
  });

  it("reads what a frame does not carry (too large to inline) instead of skipping it", async () => {
    const log = new FakeLog();
    const events = reader(log);
    await events.until(upToDateControl);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const readsBefore = log.reads;
    log.append([{ big: true }], { inline: false });
    const got = await events.until((event) => event.type === "control");
    expect(jsonMessages(got).messages).toEqual([{ big: true }]);
    expect(log.reads).toBe(readsBefore + 1);
  });

  it("hands the socket to another reader when its owner leaves", async () => {
    const log = new FakeLog();
    const owner = reader(log);
    const ownerDone = owner.until(() => false);
    await waitFor(() => log.connects === 1);
    const other = reader(log);
    const otherGot = other.until((event) => event.type === "control" && control(event).streamNextOffset === log.offset(1));
    await owner.cancel();
    await ownerDone.catch(() => []);
    await waitFor(() => log.connects === 2);
    log.append([{ after: "handover" }]);
    expect(jsonMessages(await otherGot).messages).toEqual([{ after: "handover" }]);
  });

  it("recovers from a dropped socket: reconnects and catches up on what it missed", async () => {
    const log = new FakeLog();
    const events = reader(log);
    await events.until(upToDateControl);
    await new Promise((resolve) => setTimeout(resolve, 20));
    log.dropSockets();
    log.append([{ missed: 1 }]);
    const got = await events.until((event) => event.type === "control" && control(event).streamNextOffset === log.offset(1));
    expect(jsonMessages(got).messages).toEqual([{ missed: 1 }]);
  });

  it("ends with a final control event at rotation, and sends pings while idle", async () => {
    const log = new FakeLog();
    log.append([{ a: 1 }]);
    const events = reader(log, { rotateMs: 300, heartbeatMs: 60 }, 0);
    const all = await events.until(() => false, 3_000);
    expect(events.done).toBe(true);
    expect(events.pings).toBeGreaterThanOrEqual(2);
    expect(control(lastOf(all))).toMatchObject({ streamNextOffset: log.offset(1), upToDate: true });
  });

  it("ends at once, sending nothing more, when its access recheck says no", async () => {
    const log = new FakeLog();
    log.append([{ a: 1 }]);
    let checks = 0;
    const recheck = {
      everyMs: 50,
      allowed: async () => {
        checks += 1;
        if (checks === 3) log.append([{ b: 2 }]);
        return checks < 3;
      },
    };
    const startedAt = Date.now();
    const events = reader(log, { heartbeatMs: 10_000, recheck }, 0);
    const all = await events.until(() => false, 2_000);
    expect(events.done).toBe(true);
    expect(checks).toBe(3);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(jsonMessages(all).messages).toEqual([{ a: 1 }]);
  });

  it("delivers the final append and streamClosed when the log closes, then ends", async () => {
    const log = new FakeLog();
    const events = reader(log);
    await events.until(upToDateControl);
    await new Promise((resolve) => setTimeout(resolve, 20));
    log.append([{ last: true }], { close: true });
    const got = await events.until(() => false);
    expect(jsonMessages(got).messages).toEqual([{ last: true }]);
    expect(control(lastOf(got))).toEqual({ streamNextOffset: log.offset(1), streamClosed: true });
    expect(events.done).toBe(true);
  });

  it("leaves no subscription behind once its readers are gone", async () => {
    const log = new FakeLog();
    const events = reader(log);
    await events.until(upToDateControl);
    await events.cancel();
    expect(liveStats().subscriptions).toBe(0);
  });
});
