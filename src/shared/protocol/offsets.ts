// Durable Streams offsets for record logs: "<16 digits>_<16 digits>", opaque to clients, sorting
// lexicographically in log order. The first part is reserved (always zero); the second is the
// sequence number of the last record covered. "-1" reads from the start.
const DIGITS = 16;
const ZERO_PART = "0".repeat(DIGITS);
const OFFSET = /^(\d{16})_(\d{16})$/;

export const START_OFFSET = "-1";

export const formatOffset = (seq: number) => `${ZERO_PART}_${String(seq).padStart(DIGITS, "0")}`;

/** The sequence number an offset stands for, or null when it is not an offset we issued. */
export function parseOffset(offset: string): number | null {
  if (offset === START_OFFSET) return 0;
  const match = OFFSET.exec(offset);
  if (!match || match[1] !== ZERO_PART) return null;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? seq : null;
}
