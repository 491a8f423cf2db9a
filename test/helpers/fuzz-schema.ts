// Wrong values derived from an OpenAPI (JSON Schema) body schema: for each field, JSON texts the
// schema refuses (wrong type, out of range, too long, not in the enum), each inside an otherwise
// plausible body, so every generated body is invalid by construction and fails at that one field.
import { z } from "zod";
import type { Shape } from "./fuzz-inputs";

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: JsonSchema | boolean;
}

export const JsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    enum: z.array(z.unknown()).optional(),
    properties: z.record(z.string(), JsonSchema).optional(),
    required: z.array(z.string()).optional(),
    items: JsonSchema.optional(),
    anyOf: z.array(JsonSchema).optional(),
    oneOf: z.array(JsonSchema).optional(),
    $ref: z.string().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minItems: z.number().optional(),
    maxItems: z.number().optional(),
    pattern: z.string().optional(),
    format: z.string().optional(),
    additionalProperties: z.union([z.boolean(), JsonSchema]).optional(),
  }),
);

/** A body with one wrong spot: `label` names the field path and the wrong value. */
export interface Mutation {
  label: string;
  text: string;
}

type Resolve = (ref: string) => JsonSchema;

/** How deep into nested objects/arrays mutations go (1 = the body's own fields). */
const MUTATION_DEPTH_LEVELS = 2;

const TYPES = ["string", "number", "integer", "boolean", "null", "array", "object"] as const;

function resolved(schema: JsonSchema, resolve: Resolve): JsonSchema {
  return schema.$ref === undefined ? schema : resolved(resolve(schema.$ref), resolve);
}

/** The JSON types a schema admits, or null when it admits anything (no type information). */
function admitted(schema: JsonSchema, resolve: Resolve): Set<string> | null {
  const s = resolved(schema, resolve);
  const members = s.anyOf ?? s.oneOf;
  if (members) {
    const all = new Set<string>();
    for (const member of members) {
      const types = admitted(member, resolve);
      if (types === null) return null;
      for (const type of types) all.add(type);
    }
    return all;
  }
  if (s.type !== undefined) {
    return new Set(Array.isArray(s.type) ? s.type : [s.type]);
  }
  if (s.enum) return new Set(s.enum.map((value) => (value === null ? "null" : typeof value)));
  if (s.properties) return new Set(["object"]);
  return null;
}

/** Texts of each JSON type, for "this type where another is expected". */
const SAMPLES: Record<(typeof TYPES)[number], string[]> = {
  string: ['"x"', '"\\ud800 lone surrogate"', '"\'; DROP TABLE sessions;--"'],
  number: ["1.5", "-1", "1e400"],
  integer: ["1", "18446744073709551616"],
  boolean: ["true", "false"],
  null: ["null"],
  array: ["[]", '[1,"x",null]'],
  object: ["{}", '{"__proto__":{"polluted":true}}'],
};

/** JSON texts `schema` refuses at its own level. */
export function wrongValues(schema: JsonSchema, resolve: Resolve): string[] {
  const s = resolved(schema, resolve);
  const types = admitted(s, resolve);
  if (types === null) return [];
  const numeric = types.has("number") || types.has("integer");
  const out: string[] = [];
  for (const type of TYPES) {
    if (type === "number" || type === "integer") {
      if (!numeric) out.push(...SAMPLES[type]);
    } else if (!types.has(type)) out.push(...SAMPLES[type]);
  }
  if (s.anyOf ?? s.oneOf) return out; // a union's members' own constraints are left alone
  if (types.has("integer") && !types.has("number")) out.push("1.5", "1e400", "18446744073709551616");
  if (types.has("number")) out.push("1e400", "-1e400");
  if (numeric && s.minimum !== undefined) out.push(String(s.minimum - 1));
  if (numeric && s.maximum !== undefined) out.push(String(s.maximum + 1));
  if (types.has("string")) {
    if (s.enum) out.push('"not-one-of-the-enum-\\u0000"');
    if ((s.minLength ?? 0) >= 1) out.push('""');
    if (s.maxLength !== undefined) out.push(JSON.stringify("x".repeat(s.maxLength + 1)));
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test("'; DROP TABLE x;--\u0000")) out.push('"\'; DROP TABLE x;--\\u0000"');
    if (s.format === "email") out.push('"not-an-email"');
    if (s.format === "uri") out.push('"not a uri"', '"http://"', '"javascript:alert(1)"');
  }
  if (types.has("array")) {
    if ((s.minItems ?? 0) >= 1) out.push("[]");
    if (s.maxItems !== undefined && s.items)
      out.push(
        `[${Array(s.maxItems + 1)
          .fill(JSON.stringify(plausible(s.items, resolve)))
          .join(",")}]`,
      );
  }
  if (types.has("object") && (s.required?.length ?? 0) > 0) out.push("{}");
  return out;
}

/** A plausible (not necessarily accepted) value for a schema, used around the one wrong field. */
export function plausible(schema: JsonSchema, resolve: Resolve): unknown {
  const s = resolved(schema, resolve);
  const first = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (first) return plausible(first, resolve);
  if (s.enum && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "string") return s.format === "uri" ? "https://fuzz.example.com/x" : s.format === "email" ? "a@example.com" : "fuzz";
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return s.items ? [plausible(s.items, resolve)] : [];
  if (type === "object" || s.properties) {
    const out: Record<string, unknown> = {};
    for (const name of s.required ?? []) {
      const property = s.properties?.[name];
      if (property) out[name] = plausible(property, resolve);
    }
    return out;
  }
  return "fuzz";
}

/** An object's JSON text with `name` set to the raw JSON text `value`. */
function withField(base: unknown, name: string, value: string): string {
  const entries = base !== null && typeof base === "object" && !Array.isArray(base) ? Object.entries(base).filter(([key]) => key !== name) : [];
  return `{${[...entries.map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(v)}`), `${JSON.stringify(name)}:${value}`].join(",")}}`;
}

/** Every body with exactly one wrong spot, down to MUTATION_DEPTH_LEVELS. */
export function mutations(schema: JsonSchema, resolve: Resolve, levels = MUTATION_DEPTH_LEVELS): Mutation[] {
  const s = resolved(schema, resolve);
  const own = wrongValues(s, resolve).map((text) => ({ label: `= ${text.slice(0, 40)}`, text }));
  if (levels === 0 || s.anyOf || s.oneOf) return own;
  const nested: Mutation[] = [];
  const base = plausible(s, resolve);
  const required = new Set(s.required ?? []);
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    for (const m of mutations(property, resolve, levels - 1)) {
      // null in an optional field is "not sent" on this wire (Python clients send unset fields so).
      if (m.text === "null" && !required.has(name)) continue;
      nested.push({ label: `${name} ${m.label}`, text: withField(base, name, m.text) });
    }
  }
  if (s.items) for (const m of mutations(s.items, resolve, levels - 1)) nested.push({ label: `[0] ${m.label}`, text: `[${m.text}]` });
  const extra = s.additionalProperties;
  if (extra !== undefined && typeof extra !== "boolean") {
    for (const m of mutations(extra, resolve, levels - 1)) nested.push({ label: `{fuzz} ${m.label}`, text: `{"fuzz":${m.text}}` });
  }
  return [...own, ...nested];
}

/** The body's own fields and what each holds (for deep JSON per field); none for non-object bodies. */
export function fieldShapes(schema: JsonSchema, resolve: Resolve): { name: string; shape: Shape }[] {
  const s = resolved(schema, resolve);
  if (s.anyOf || s.oneOf) return [];
  return Object.entries(s.properties ?? {}).map(([name, property]) => {
    const types = admitted(property, resolve);
    return { name, shape: types === null ? "scalar" : types.has("object") ? "object" : types.has("array") ? "array" : "scalar" };
  });
}

/** `base` (a plausible body) with field `name` replaced by raw JSON text. */
export const bodyWithField = (schema: JsonSchema, resolve: Resolve, name: string, value: string) => withField(plausible(schema, resolve), name, value);
