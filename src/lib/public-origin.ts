// The origin links are built on: PUBLIC_URL when the operator set one (behind a proxy the request's
// own host may be internal), else the origin the request came in on.
export function publicOrigin(env: { PUBLIC_URL?: string }, requestUrl: string): string {
  return env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : new URL(requestUrl).origin;
}
