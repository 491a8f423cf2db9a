// Structural checks for what the viewer reads from the server: each check is a type guard whose
// type is inferred from how it is built (like a schema), at a fraction of a schema library's size
// and without copying the value. The server validates everything it stores with zod
// (src/shared/schemas); the viewer only needs to know a value has the shape its rows read, so an
// unexpected one is shown as "unknown" instead of breaking the page. test/unit/viewer-check.test.ts
// holds these to the server's schemas.

export type Check<T> = (value: unknown) => value is T;
export type Infer<C> = C extends Check<infer T> ? T : never;

/** A field that may be missing (or undefined). */
export interface Optional<T> {
  readonly optional: Check<T>;
}
type Field = Check<unknown> | Optional<unknown>;
type Shape = Readonly<Record<string, Field>>;
type Flat<T> = { [K in keyof T]: T[K] };
type Required<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? never : K]: S[K] extends Check<infer T> ? T : never };
type Optionals<S extends Shape> = { [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Optional<infer T> ? T : never };
export type ObjectOf<S extends Shape> = Flat<Required<S> & Optionals<S>>;

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export const str: Check<string> = (value): value is string => typeof value === "string";
export const num: Check<number> = (value): value is number => typeof value === "number" && Number.isFinite(value);
export const bool: Check<boolean> = (value): value is boolean => typeof value === "boolean";
export const anything: Check<unknown> = (_value): _value is unknown => true;

export function lit<const L extends string | number | boolean>(literal: L): Check<L> {
  return (value): value is L => value === literal;
}

export function oneOf<const L extends readonly string[]>(...values: L): Check<L[number]> {
  const allowed = new Set<unknown>(values);
  return (value): value is L[number] => allowed.has(value);
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value): value is T | null => value === null || check(value);
}

export function opt<T>(check: Check<T>): Optional<T> {
  return { optional: check };
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.every((item) => check(item));
}

/** An object check that also names its fields, so a caller can keep only those (see `pick`). */
export type ObjectCheck<T> = Check<T> & { readonly keys: readonly string[] };

/** An object with at least these fields (others are allowed; `pick` drops them). */
export function object<const S extends Shape>(shape: S): ObjectCheck<ObjectOf<S>> {
  const fields = Object.entries(shape);
  const check = (value: unknown): value is ObjectOf<S> =>
    isRecord(value) &&
    fields.every(([key, field]) => {
      const item = value[key];
      // A required field must be there even when any value will do (as in zod: `input: z.unknown()`).
      return typeof field === "function" ? key in value && field(item) : item === undefined || field.optional(item);
    });
  return Object.assign(check, { keys: Object.keys(shape) });
}

/** A copy of `value` with only the fields `check` knows (extra fields never reach the code reading it). */
export function pick(value: Record<string, unknown>, check: ObjectCheck<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of check.keys) if (key in value) out[key] = value[key];
  return out;
}

/** One of several object checks, picked by the string in `key` (each check must fix `key` to its tag). */
export function tagged<const M extends Readonly<Record<string, ObjectCheck<unknown>>>>(
  key: string,
  members: M,
): Check<Infer<M[keyof M]>> & { member: (tag: unknown) => ObjectCheck<unknown> | undefined } {
  const byTag = new Map<unknown, ObjectCheck<unknown>>(Object.entries(members));
  const check = (value: unknown): value is Infer<M[keyof M]> => {
    if (!isRecord(value)) return false;
    const member = byTag.get(value[key]);
    return member !== undefined && member(value);
  };
  return Object.assign(check, { member: (tag: unknown) => byTag.get(tag) });
}

/** `check`, and then `holds` on the checked value. */
export function refine<T>(check: ObjectCheck<T>, holds: (value: T) => boolean): ObjectCheck<T> {
  const refined = (value: unknown): value is T => check(value) && holds(value);
  return Object.assign(refined, { keys: check.keys });
}
