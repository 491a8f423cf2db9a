// Typed response assertions for the in-runtime tests: status, schema-checked JSON, the flat error body.
import { expect } from "vitest";
import { z } from "zod";
import { isErrorCode } from "../../src/shared/error-codes";
import { ErrorBody } from "../../src/shared/schemas/common";

/** Asserts the status and a JSON content type, then parses the body with `schema` (which throws on a mismatch). */
export async function expectJson<T extends z.ZodType>(res: Response, status: number, schema: T): Promise<z.output<T>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return schema.parse(JSON.parse(text));
}

/** The flat error body and nothing else: `error` and `code` are the same string, never an object. */
export const FlatError = ErrorBody.strict();

/** Asserts an error response: status, flat body with error === code === `code`, a request id header. */
export async function expectError(res: Response, status: number, code: string) {
  const body = await expectJson(res, status, FlatError);
  expect(body.code).toBe(code);
  expect(isErrorCode(body.code), `${body.code} is in the error catalogue`).toBe(true);
  expect(body.error).toBe(code);
  expect(body.message.length).toBeGreaterThan(0);
  expect(res.headers.get("x-request-id")).toMatch(/\S+/);
  return body;
}

/** Asserts an empty 204. */
export async function expectNoContent(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(204);
  expect(text).toBe("");
}

export const IsoString = z.iso.datetime();
