// The connect page's HTTP calls: what a connect link asks for, and submitting the secrets once.
// Same result objects as the viewer's calls; the link token in the path is the only credential.
// The answers are checked against the shapes of ConnectPageInfo and ConnectPageDone
// (src/shared/schemas/connections.ts; test/unit/viewer-check.test.ts compares them).
import { call, type FetchLike } from "./api";
import { arrayOf, type Infer, nullable, object, str } from "./check";

export const isConnectInfo = object({
  server: object({ id: str, name: str, auth_type: str }),
  fields: arrayOf(object({ name: str, label: str, hint: nullable(str) })),
  expires_at: str,
});
export const isConnectDone = object({ redirect_url: str });
export type ConnectInfo = Infer<typeof isConnectInfo>;

export function connectTokenFromPath(pathname: string): string | null {
  const match = /^\/connect\/(cl_[A-Za-z0-9]+)\/?$/.exec(pathname);
  return match?.[1] ?? null;
}

export const isConnectDonePath = (pathname: string) => /^\/connect\/done\/?$/.test(pathname);

export const fetchConnectInfo = (fetchFn: FetchLike, token: string) => call(fetchFn, `/api/connect/${token}`, { method: "GET" }, isConnectInfo);

export const submitSecrets = (fetchFn: FetchLike, token: string, secrets: Record<string, string>) =>
  call(fetchFn, `/api/connect/${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secrets }) }, isConnectDone);
