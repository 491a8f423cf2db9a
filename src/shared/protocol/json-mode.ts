// JSON mode (PROTOCOL.md 7.1): a posted array is flattened one level into messages, any other value
// is one message; messages are stored re-serialized and comma-joined, so a read is "[" + them + "]".
// Also counts the messages of stored fragments without parsing them (Stream-Total-Size).
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export type JsonFragment = { ok: true; fragment: Uint8Array; count: number } | { ok: false; code: "invalid_json" | "empty_array"; message: string };

/** Validates and flattens a JSON body. `allowEmpty` is true for PUT, where `[]` creates an empty stream. */
export function toJsonFragment(body: Uint8Array, allowEmpty: boolean): JsonFragment {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    return { ok: false, code: "invalid_json", message: "The body is not valid JSON" };
  }
  if (!Array.isArray(value)) return { ok: true, fragment: encoder.encode(JSON.stringify(value)), count: 1 };
  if (value.length === 0 && !allowEmpty) {
    return { ok: false, code: "empty_array", message: "An empty JSON array appends nothing; send at least one message" };
  }
  return { ok: true, fragment: encoder.encode(value.map((item) => JSON.stringify(item)).join(",")), count: value.length };
}

/** The messages of one stored fragment, for forks that take only the first few of a batch. */
export function fragmentMessages(fragment: Uint8Array): unknown[] {
  const parsed: unknown = JSON.parse(`[${decoder.decode(fragment)}]`);
  return Array.isArray(parsed) ? parsed : [];
}

export const messagesToFragment = (messages: readonly unknown[]) => encoder.encode(messages.map((m) => JSON.stringify(m)).join(","));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts the messages of a fragment (valid JSON values joined by commas) fed in pieces of any size:
 * the commas outside strings and brackets, plus one unless it is empty. It never parses: bytes of a
 * multi-byte UTF-8 character are all >= 0x80, so no ASCII test can match inside one.
 */
export class FragmentCounter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private commas = 0;
  private empty = true;

  push(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      switch (byte) {
        case SPACE:
        case TAB:
        case LF:
        case CR:
          continue;
        case QUOTE:
          this.inString = true;
          break;
        case OPEN_BRACKET:
        case OPEN_BRACE:
          this.depth += 1;
          break;
        case CLOSE_BRACKET:
        case CLOSE_BRACE:
          this.depth -= 1;
          break;
        case COMMA:
          if (this.depth === 0) this.commas += 1;
          break;
      }
      this.empty = false;
    }
  }

  get count(): number {
    return this.empty ? 0 : this.commas + 1;
  }
}

/** The number of messages in a stored fragment, or in a page of fragments joined by commas. */
export function countFragmentMessages(fragment: Uint8Array): number {
  const counter = new FragmentCounter();
  counter.push(fragment);
  return counter.count;
}

/** Stream-Total-Size of a payload: its messages in JSON mode, its bytes for any other content type. */
export const payloadSize = (payload: Uint8Array, json: boolean): number => (json ? countFragmentMessages(payload) : payload.byteLength);
