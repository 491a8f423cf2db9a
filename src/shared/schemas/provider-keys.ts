// A project's own model-provider keys: what storing one takes and what listings show (never the key).
import { z } from "zod";
import { IsoTimestamp } from "./common";

export const NetworkProvider = z.enum(["anthropic", "openai"]);
export type NetworkProvider = z.infer<typeof NetworkProvider>;

export const ProviderKeyPut = z
  .object({ api_key: z.string().trim().min(1).max(1_000).meta({ description: "Stored encrypted; never returned" }) })
  .meta({ id: "ProviderKeyPut" });

export const ProviderKey = z
  .object({ provider: NetworkProvider, configured: z.literal(true), created_at: IsoTimestamp, updated_at: IsoTimestamp })
  .meta({ id: "ProviderKey" });
export type ProviderKey = z.infer<typeof ProviderKey>;

export const ProviderKeyList = z.object({ provider_keys: z.array(ProviderKey) }).meta({ id: "ProviderKeyList" });
