// Checks the `mocks` of POST /v1/sessions and turns them into the stored form (the raw JSON text of
// each response). A session is in test mode exactly when it was created with a non-empty mocks
// object; absent, null and {} mean a normal session (clients may send an empty object by default,
// and a live key must not be refused for that). Order of checks: who may (403), size (413), shape (400).
import type { Principal } from "../../env";
import { MAX_MOCKS_CHARS, MockKey, MockValue, type SessionMocks } from "../../shared/schemas/mocks";
import { ApiError } from "../errors";
import { rawElements, rawMembers } from "./raw-json";

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const invalid = (field: string, message: string) => new ApiError(400, "mocks_invalid", message, { field });

/** The session's mocks, or null for a normal session. `rawBody` is the request body exactly as sent. */
export function parseMocks(principal: Principal, mocks: unknown, rawBody: string): SessionMocks | null {
  if (mocks === undefined || mocks === null || (isPlainObject(mocks) && Object.keys(mocks).length === 0)) return null;
  if (principal.keyEnvironment !== "test" || principal.project.environment !== "test") {
    throw new ApiError(403, "mocks_not_permitted", "Mocks need a csk_test_ key on a project whose environment is test");
  }
  const chars = JSON.stringify(mocks).length;
  if (chars > MAX_MOCKS_CHARS) {
    throw new ApiError(413, "mocks_payload_too_large", `mocks is ${chars} characters as JSON; the limit is ${MAX_MOCKS_CHARS}`);
  }
  if (!isPlainObject(mocks)) throw invalid("/mocks", "mocks must be an object keyed by tool name");
  for (const [key, value] of Object.entries(mocks)) {
    // The pointer names the key as sent (unescaped), which is what clients compare against.
    const field = `/mocks/${key}`;
    if (!MockKey.safeParse(key).success) {
      throw invalid(field, `Mock key "${key}" must be server/tool (lowercase, e.g. asaas/create_customer) or a bare meta tool name`);
    }
    if (!MockValue.safeParse(value).success) {
      throw invalid(field, `Mock "${key}" must be an object, or a non-empty array of objects`);
    }
  }
  const rawMocks = rawMembers(rawBody).get("mocks") ?? "{}";
  const stored: SessionMocks = {};
  for (const [key, raw] of rawMembers(rawMocks)) {
    const sequence = Array.isArray(mocks[key]);
    stored[key] = { sequence, responses: sequence ? rawElements(raw) : [raw] };
  }
  return stored;
}
