// The connect page's HTTP calls: what a connect link asks for, and submitting the secrets once.
// Same result objects as the viewer's calls; the link token in the path is the only credential.
import type { z } from "zod";
import { ConnectPageDone, ConnectPageInfo } from "../../../src/shared/schemas/connections";
import { call, type FetchLike } from "./api";

export type ConnectInfo = z.infer<typeof ConnectPageInfo>;

export function connectTokenFromPath(pathname: string): string | null {
  const match = /^\/connect\/(cl_[A-Za-z0-9]+)\/?$/.exec(pathname);
  return match?.[1] ?? null;
}

export const isConnectDonePath = (pathname: string) => /^\/connect\/done\/?$/.test(pathname);

export const fetchConnectInfo = (fetchFn: FetchLike, token: string) => call(fetchFn, `/api/connect/${token}`, { method: "GET" }, ConnectPageInfo);

export const submitSecrets = (fetchFn: FetchLike, token: string, secrets: Record<string, string>) =>
  call(
    fetchFn,
    `/api/connect/${token}`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secrets }) },
    ConnectPageDone,
  );
