// EventLog over real SQLite: ordered appends with offsets, exclusive reads from an offset, limit, upToDate, bad offsets.
import { describe, expect, it } from "vitest";
import { formatOffset } from "../../../src/shared/protocol/offsets";
import { EventLog } from "../../../durable-objects/session/event-log";
import type { NewSessionEvent } from "../../../src/shared/schemas/events";
import { withFreshStorage } from "../../helpers/worker-objects";

const messages = (count: number): NewSessionEvent[] => Array.from({ length: count }, (_, i) => ({ type: "assistant_message", text: `message ${i + 1}` }));

describe("EventLog", () => {
  it("starts empty: reading from -1 is up to date at offset zero", async () => {
    await withFreshStorage((storage) => {
      const log = new EventLog(storage.sql);
      expect(log.lastSeq()).toBe(0);
      expect(log.tailOffset()).toBe(formatOffset(0));
      expect(log.read("-1", 10)).toEqual({ events: [], nextOffset: formatOffset(0), upToDate: true });
    });
  });

  it("appends in order with the envelope and increasing offsets", async () => {
    await withFreshStorage((storage) => {
      const log = new EventLog(storage.sql);
      const before = Date.now();
      const stored = log.append(messages(3));
      expect(stored.map((event) => event.offset)).toEqual([formatOffset(1), formatOffset(2), formatOffset(3)]);
      for (const [i, event] of stored.entries()) {
        expect(event).toMatchObject({ v: 1, type: "assistant_message", text: `message ${i + 1}` });
        expect(event.ts).toBeGreaterThanOrEqual(before);
      }
      const more = log.append([{ type: "session_end", reason: "closed" }]);
      expect(more[0]?.offset).toBe(formatOffset(4));
      expect(log.tailOffset()).toBe(formatOffset(4));
      expect(log.read("-1", 100)?.events).toEqual([...stored, ...more]);
    });
  });

  it("reads after an offset (exclusive), at most limit events, and says when it is up to date", async () => {
    await withFreshStorage((storage) => {
      const log = new EventLog(storage.sql);
      const stored = log.append(messages(5));
      const offsets = stored.map((event) => event.offset);

      const first = log.read("-1", 2);
      expect(first?.events.map((e) => e.offset)).toEqual(offsets.slice(0, 2));
      expect(first?.nextOffset).toBe(offsets[1]);
      expect(first?.upToDate).toBe(false);

      const second = log.read(first?.nextOffset ?? "", 2);
      expect(second?.events.map((e) => e.offset)).toEqual(offsets.slice(2, 4));
      expect(second?.upToDate).toBe(false);

      const third = log.read(second?.nextOffset ?? "", 2);
      expect(third?.events.map((e) => e.offset)).toEqual(offsets.slice(4));
      expect(third?.nextOffset).toBe(offsets[4]);
      expect(third?.upToDate).toBe(true);

      expect(log.read(offsets[4] ?? "", 2)).toEqual({ events: [], nextOffset: offsets[4], upToDate: true });
      expect(log.read(offsets[0] ?? "", 100)?.events).toEqual(stored.slice(1));
      expect(log.read("-1", 5)?.upToDate).toBe(true);
    });
  });

  it("returns null for an offset it did not issue", async () => {
    await withFreshStorage((storage) => {
      const log = new EventLog(storage.sql);
      log.append(messages(1));
      for (const offset of ["", "abc", "0", "1", "now", "0000000000000001_0000000000000000"]) {
        expect(log.read(offset, 10), offset).toBeNull();
      }
    });
  });

  it("keeps appends atomic with the transaction they run in", async () => {
    await withFreshStorage((storage) => {
      const log = new EventLog(storage.sql);
      log.append(messages(1));
      expect(() =>
        storage.transactionSync(() => {
          log.append(messages(2));
          throw new Error("abort the write");
        }),
      ).toThrow("abort the write");
      expect(log.lastSeq()).toBe(1);
      expect(log.append(messages(1))[0]?.offset).toBe(formatOffset(2));
    });
  });
});
