// Decoding JSON the gateway stored itself (object SQLite, D1, KV) through its zod schema: a row
// written by an older version, or damaged, fails here with a clear error instead of flowing on as
// a value of the wrong type.
import type { z } from "zod";

/** A stored JSON value of no particular shape (a tool call's input or output): `unknown`, never `any`. */
export const storedValue = (json: string): unknown => JSON.parse(json);

export function decodeStored<T extends z.ZodType>(schema: T, json: string, what: string): z.output<T> {
  const result = schema.safeParse(JSON.parse(json));
  if (!result.success) throw new Error(`The stored ${what} does not match its schema: ${result.error.message}`);
  return result.data;
}
