// Cutting share codes out of request paths before they are logged: a logged path must never be a
// working link. The one place that knows which paths carry a code.

/** Characters of a code kept in logs: enough to tell links apart, far too few to open one (4 of 12). */
export const LOGGED_CODE_CHARS = 4;

/**
 * The path prefixes followed by a share code: the viewer page, the token exchange, revocation.
 * Case-insensitive and tolerant of doubled slashes, so a path that only nearly routes is cut too.
 */
const CODE_IN_PATH = /^(\/+s\/+|\/+api\/+shares\/+|\/+v1\/+shares\/+)([^/]+)/i;

/** `path` with the code after a code-carrying prefix cut to its first characters and "…". */
export function redactPath(path: string): string {
  return path.replace(CODE_IN_PATH, (_match, prefix: string, code: string) => `${prefix}${code.slice(0, LOGGED_CODE_CHARS)}…`);
}
