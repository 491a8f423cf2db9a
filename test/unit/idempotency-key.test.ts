// The idempotency-key rule for server tools: the key goes into a top-level idempotency_key or
// external_reference the tool's input schema declares (as a string, or untyped) and the caller left
// empty; nothing else is touched.
import { describe, expect, it } from "vitest";
import { withIdempotencyKey } from "../../durable-objects/session/idempotency";

const KEY = "7d0a3b1e-3f0e-4c7a-9f5e-2b9c1d4e5f60";
const schema = (properties: Record<string, unknown>) => ({ type: "object", properties });

describe("withIdempotencyKey", () => {
  it("fills an absent, null or blank idempotency_key / external_reference the schema declares", () => {
    const both = schema({ idempotency_key: { type: "string" }, external_reference: { type: ["string", "null"] }, value: { type: "number" } });
    expect(withIdempotencyKey(both, { value: 10 }, KEY)).toEqual({ value: 10, idempotency_key: KEY, external_reference: KEY });
    expect(withIdempotencyKey(both, { idempotency_key: null, external_reference: "  " }, KEY)).toEqual({ idempotency_key: KEY, external_reference: KEY });
    expect(withIdempotencyKey(schema({ idempotency_key: {} }), {}, KEY)).toEqual({ idempotency_key: KEY });
  });

  it("keeps what the caller gave, and the caller's object unchanged", () => {
    const args = { idempotency_key: "mine", external_reference: "order-1" };
    const keyed = withIdempotencyKey(schema({ idempotency_key: { type: "string" }, external_reference: { type: "string" } }), args, KEY);
    expect(keyed).toEqual({ idempotency_key: "mine", external_reference: "order-1" });
    const empty = {};
    withIdempotencyKey(schema({ idempotency_key: { type: "string" } }), empty, KEY);
    expect(empty).toEqual({});
  });

  it("leaves tools without such a property, a non-string one, nested ones, or no key alone", () => {
    expect(withIdempotencyKey(schema({ amount: { type: "number" } }), { amount: 1 }, KEY)).toEqual({ amount: 1 });
    expect(withIdempotencyKey(schema({ idempotency_key: { type: "integer" } }), {}, KEY)).toEqual({});
    expect(withIdempotencyKey(schema({ payment: { type: "object", properties: { idempotency_key: { type: "string" } } } }), {}, KEY)).toEqual({});
    expect(withIdempotencyKey(undefined, { a: 1 }, KEY)).toEqual({ a: 1 });
    expect(withIdempotencyKey(schema({ idempotency_key: { type: "string" } }), {}, undefined)).toEqual({});
    // A property named in the prototype chain is not a declared property.
    expect(withIdempotencyKey({ properties: Object.create({ idempotency_key: { type: "string" } }) }, {}, KEY)).toEqual({});
  });
});
