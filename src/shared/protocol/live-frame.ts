// The live-tail wire format between an object and a Worker isolate: one binary WebSocket message per
// committed batch of appends, a length-prefixed JSON header then the records' bytes (when small).
export interface LiveFrame {
  /** The tail before the records in this frame; readers at exactly this offset can take the payload. */
  prevSeq: number;
  tailSeq: number;
  closed: boolean;
  /** The log was deleted (or expired): readers end. */
  gone: boolean;
  /** Records (prevSeq, tailSeq] as a read page would carry them, or null when too large to inline. */
  payload: Uint8Array | null;
  /** Who may read changed (a share link was revoked): readers that check their access do so now. */
  access?: true;
}

/** Frames carry their records inline up to this size; beyond it readers fetch them with a read. */
export const FRAME_INLINE_MAX_BYTES = 256 * 1024;
const HEADER_LENGTH_BYTES = 4;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeFrame(frame: LiveFrame): Uint8Array {
  const header = encoder.encode(
    JSON.stringify({ p: frame.prevSeq, t: frame.tailSeq, c: frame.closed, g: frame.gone, h: frame.payload !== null, ...(frame.access ? { a: true } : {}) }),
  );
  const payload = frame.payload ?? new Uint8Array(0);
  const out = new Uint8Array(HEADER_LENGTH_BYTES + header.byteLength + payload.byteLength);
  new DataView(out.buffer).setUint32(0, header.byteLength);
  out.set(header, HEADER_LENGTH_BYTES);
  out.set(payload, HEADER_LENGTH_BYTES + header.byteLength);
  return out;
}

interface FrameHeader {
  p: number;
  t: number;
  c: boolean;
  g: boolean;
  h: boolean;
  a?: boolean;
}

const isHeader = (value: unknown): value is FrameHeader =>
  typeof value === "object" &&
  value !== null &&
  "p" in value &&
  typeof value.p === "number" &&
  "t" in value &&
  typeof value.t === "number" &&
  "c" in value &&
  typeof value.c === "boolean" &&
  "g" in value &&
  typeof value.g === "boolean" &&
  "h" in value &&
  typeof value.h === "boolean" &&
  (!("a" in value) || value.a === true);

export function decodeFrame(data: ArrayBuffer): LiveFrame | null {
  if (data.byteLength < HEADER_LENGTH_BYTES) return null;
  const length = new DataView(data).getUint32(0);
  const header: unknown = JSON.parse(decoder.decode(new Uint8Array(data, HEADER_LENGTH_BYTES, length)));
  if (!isHeader(header)) return null;
  const payload = header.h ? new Uint8Array(data, HEADER_LENGTH_BYTES + length) : null;
  return { prevSeq: header.p, tailSeq: header.t, closed: header.c, gone: header.g, payload, ...(header.a ? { access: true as const } : {}) };
}
