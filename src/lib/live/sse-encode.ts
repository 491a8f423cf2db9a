// Durable Streams SSE framing (PROTOCOL.md 5.7): an `event: data` with the page's content (a JSON
// array, text split into `data:` lines on every CR/LF so payloads cannot inject events, or base64
// for binary types), always followed by an `event: control` carrying the next offset.
import { formatOffset } from "../../shared/protocol/offsets";
import { isJsonType, normalizeContentType } from "../../shared/protocol/durable-streams";

export type SseFormat = "json" | "text" | "base64";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BASE64_SLICE_BYTES = 0x8000;

export function sseFormat(contentType: string): SseFormat {
  if (isJsonType(contentType)) return "json";
  return normalizeContentType(contentType).startsWith("text/") ? "text" : "base64";
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let at = 0; at < bytes.byteLength; at += BASE64_SLICE_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(at, at + BASE64_SLICE_BYTES));
  }
  return btoa(binary);
}

/** One `event: data` for a page payload (JSON logs carry comma-joined messages). */
export function dataEvent(format: SseFormat, payload: Uint8Array): string {
  switch (format) {
    case "json":
      // Stored JSON is re-serialized by JSON.stringify, so it holds no raw line breaks.
      return `event: data\ndata:[${decoder.decode(payload)}]\n\n`;
    case "base64":
      return `event: data\ndata:${toBase64(payload)}\n\n`;
    case "text":
      return `event: data\n${decoder
        .decode(payload)
        .split(/\r\n|\r|\n/)
        .map((line) => `data:${line}`)
        .join("\n")}\n\n`;
  }
}

export interface ControlState {
  nextSeq: number;
  cursor: number;
  upToDate: boolean;
  closed: boolean;
}

/** The control event; a closed log's final one carries streamClosed and no cursor. */
export function controlEvent(state: ControlState): string {
  const control = state.closed
    ? { streamNextOffset: formatOffset(state.nextSeq), streamClosed: true }
    : { streamNextOffset: formatOffset(state.nextSeq), streamCursor: String(state.cursor), ...(state.upToDate ? { upToDate: true } : {}) };
  return `event: control\ndata:${JSON.stringify(control)}\n\n`;
}

/** A data event (when there is data) and its control event, as one chunk so they are never split. */
export function pageEvents(format: SseFormat, payload: Uint8Array, control: ControlState): Uint8Array {
  return encoder.encode((payload.byteLength > 0 ? dataEvent(format, payload) : "") + controlEvent(control));
}
