// JSON mode (PROTOCOL.md 7.1): a posted array is flattened one level into messages, any other value
// is one message; messages are stored re-serialized and comma-joined, so a read is "[" + them + "]".
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
