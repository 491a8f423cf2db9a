// The gateway's idempotency key on the way to a server tool: a tool whose input schema has a
// top-level `idempotency_key` or `external_reference` property gets the call's key there when the
// caller left it empty, so a retried call cannot charge twice and the provider's webhooks carry a
// reference that correlates them with the call.
export const KEYED_FIELDS = ["idempotency_key", "external_reference"] as const;

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/** A property the schema declares as a string, or without a type at all: a uuid fits it. */
function takesString(property: unknown): boolean {
  if (property === true) return true;
  if (typeof property !== "object" || property === null) return false;
  if (!("type" in property)) return true;
  const type: unknown = property.type;
  return type === "string" || (Array.isArray(type) && type.includes("string"));
}

/** `args` with the key in each keyed field the schema declares and the caller left empty; `args` itself when there is none. */
export function withIdempotencyKey(
  schema: Record<string, unknown> | undefined,
  args: Record<string, unknown>,
  key: string | undefined,
): Record<string, unknown> {
  const properties = schema?.properties;
  if (key === undefined || typeof properties !== "object" || properties === null) return args;
  let keyed = args;
  for (const field of KEYED_FIELDS) {
    const property: unknown = field in properties ? Object.getOwnPropertyDescriptor(properties, field)?.value : undefined;
    if (property !== undefined && takesString(property) && isEmpty(args[field])) keyed = { ...keyed, [field]: key };
  }
  return keyed;
}
