// ProducerStore verdicts (Durable Streams idempotent producers): new producers, duplicates, gaps, epochs.
import { describe, expect, it } from "vitest";
import { ProducerStore } from "../../../durable-objects/lib/producers";
import { withFreshStorage } from "../../helpers/worker-objects";

describe("ProducerStore", () => {
  it("accepts a new producer only at seq 0; any other seq is a gap expecting 0", async () => {
    await withFreshStorage((storage) => {
      const producers = new ProducerStore(storage.sql);
      expect(producers.check({ id: "p1", epoch: 0, seq: 0 })).toEqual({ kind: "append" });
      expect(producers.check({ id: "p1", epoch: 0, seq: 3 })).toEqual({ kind: "sequence_gap", expectedSeq: 0, receivedSeq: 3 });
      expect(producers.check({ id: "p2", epoch: 5, seq: 1 })).toEqual({ kind: "sequence_gap", expectedSeq: 0, receivedSeq: 1 });
    });
  });

  it("acknowledges retries as duplicates and takes the next seq", async () => {
    await withFreshStorage((storage) => {
      const producers = new ProducerStore(storage.sql);
      producers.commit({ id: "p1", epoch: 0, seq: 0 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 0 })).toEqual({ kind: "duplicate", lastSeq: 0 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 1 })).toEqual({ kind: "append" });
      producers.commit({ id: "p1", epoch: 0, seq: 1 });
      producers.commit({ id: "p1", epoch: 0, seq: 2 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 1 })).toEqual({ kind: "duplicate", lastSeq: 2 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 2 })).toEqual({ kind: "duplicate", lastSeq: 2 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 3 })).toEqual({ kind: "append" });
    });
  });

  it("reports a gap with the expected and received seq", async () => {
    await withFreshStorage((storage) => {
      const producers = new ProducerStore(storage.sql);
      producers.commit({ id: "p1", epoch: 0, seq: 0 });
      producers.commit({ id: "p1", epoch: 0, seq: 1 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 5 })).toEqual({ kind: "sequence_gap", expectedSeq: 2, receivedSeq: 5 });
    });
  });

  it("fences stale epochs and makes a new epoch start at seq 0", async () => {
    await withFreshStorage((storage) => {
      const producers = new ProducerStore(storage.sql);
      producers.commit({ id: "p1", epoch: 1, seq: 0 });
      producers.commit({ id: "p1", epoch: 1, seq: 1 });
      expect(producers.check({ id: "p1", epoch: 0, seq: 2 })).toEqual({ kind: "stale_epoch", currentEpoch: 1 });
      expect(producers.check({ id: "p1", epoch: 2, seq: 1 })).toEqual({ kind: "invalid_epoch_seq" });
      expect(producers.check({ id: "p1", epoch: 2, seq: 0 })).toEqual({ kind: "append" });
      producers.commit({ id: "p1", epoch: 2, seq: 0 });
      expect(producers.check({ id: "p1", epoch: 1, seq: 2 })).toEqual({ kind: "stale_epoch", currentEpoch: 2 });
      expect(producers.check({ id: "p1", epoch: 2, seq: 0 })).toEqual({ kind: "duplicate", lastSeq: 0 });
      expect(producers.check({ id: "p1", epoch: 2, seq: 1 })).toEqual({ kind: "append" });
    });
  });

  it("keeps producers independent of each other", async () => {
    await withFreshStorage((storage) => {
      const producers = new ProducerStore(storage.sql);
      producers.commit({ id: "a", epoch: 0, seq: 0 });
      producers.commit({ id: "a", epoch: 0, seq: 1 });
      expect(producers.check({ id: "b", epoch: 0, seq: 0 })).toEqual({ kind: "append" });
      expect(producers.check({ id: "b", epoch: 0, seq: 2 })).toEqual({ kind: "sequence_gap", expectedSeq: 0, receivedSeq: 2 });
    });
  });
});
