// CodeSpar routes that belong to its commerce product's payment rails, not to a session gateway:
// mandates and consents, consumer wallets, agent DID documents. A client calling them gets a
// clear 404 `not_supported` instead of a generic not_found, so it can tell "not here" from "typo".
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../lib/errors";

export const NOT_SUPPORTED_PREFIXES = ["/v1/consents", "/v1/consumers", "/v1/agents"] as const;

export const notSupported = new Hono<AppEnv>();

notSupported.all("*", (c) => {
  throw new ApiError(404, "not_supported", `${c.req.path} is part of CodeSpar's payment rails, which this session gateway does not serve`);
});
