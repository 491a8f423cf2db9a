// Test-mode mocks on POST /v1/sessions: which keys name a tool, what a mock response may be, and
// the form a session object stores them in (the raw JSON text of every response, never re-serialized).
import { z } from "zod";

/** JSON.stringify(mocks).length above this is refused with 413 mocks_payload_too_large. */
export const MAX_MOCKS_CHARS = 65_536;

/** `server/tool`, or a bare meta-tool name without "__" (the model-facing separator). */
export const MockKey = z.union([
  z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9_-]*$/),
  z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .refine((key) => !key.includes("__")),
]);

const MockResponse = z.record(z.string(), z.unknown());
/** An object is returned on every call; an array of objects is returned in order, then exhausted. */
export const MockValue = z.union([MockResponse, z.array(MockResponse).min(1)]);

/** One tool's mock as a session stores it: the exact JSON text of each response. */
export interface StoredMock {
  sequence: boolean;
  responses: string[];
}
export type SessionMocks = Record<string, StoredMock>;
