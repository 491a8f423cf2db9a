// Durable Streams offsets: "<16 digits>_<16 digits>", parsed back exactly, sorting lexicographically in log order.
import { describe, expect, it } from "vitest";
import { formatOffset, parseOffset, START_OFFSET } from "../../../src/shared/protocol/offsets";

describe("offsets", () => {
  it("formats as two 16-digit parts with a zero first part", () => {
    expect(formatOffset(0)).toBe("0000000000000000_0000000000000000");
    expect(formatOffset(42)).toBe("0000000000000000_0000000000000042");
    expect(formatOffset(9_007_199_254_740_991)).toBe("0000000000000000_9007199254740991");
    for (const seq of [1, 7, 123_456]) expect(formatOffset(seq)).toMatch(/^\d{16}_\d{16}$/);
  });

  it("sorts lexicographically in sequence order", () => {
    const seqs = [0, 1, 2, 9, 10, 11, 99, 100, 101, 12_345, 99_999_999, 100_000_000, 12_345_678_901];
    const offsets = seqs.map(formatOffset);
    expect([...offsets].reverse().sort()).toEqual(offsets);
    for (let i = 1; i < offsets.length; i++) expect(String(offsets[i - 1]) < String(offsets[i])).toBe(true);
  });

  it("parses what it formats, and -1 as the start", () => {
    expect(START_OFFSET).toBe("-1");
    expect(parseOffset("-1")).toBe(0);
    for (const seq of [0, 1, 10, 987_654_321]) expect(parseOffset(formatOffset(seq))).toBe(seq);
  });

  it("rejects anything it did not issue", () => {
    const invalid = [
      "",
      "0",
      "-2",
      "now",
      "abc",
      "1_1",
      "0000000000000000_000000000000001",
      "0000000000000000_00000000000000001",
      "0000000000000001_0000000000000001",
      "0000000000000000-0000000000000001",
      " 0000000000000000_0000000000000001",
    ];
    for (const offset of invalid) expect(parseOffset(offset), offset).toBeNull();
  });
});
