// Share links: creation, the share as the owner sees it, and the viewer's token exchange.
import { z } from "zod";
import { IsoTimestamp } from "./common";

/** Longest a share may live: 30 days. */
export const MAX_SHARE_TTL_S = 30 * 24 * 3600;
export const DEFAULT_SHARE_TTL_S = 7 * 24 * 3600;

export const ShareCreate = z
  .object({
    mode: z.enum(["live", "snapshot"]),
    can_prompt: z.boolean().default(false),
    expires_in_s: z.number().int().min(60).max(MAX_SHARE_TTL_S).default(DEFAULT_SHARE_TTL_S),
  })
  // A snapshot is the session frozen at one offset: a prompt would change what it shows.
  .refine((share) => !(share.mode === "snapshot" && share.can_prompt), {
    path: ["can_prompt"],
    message: "a snapshot share cannot allow prompts (use mode live, or can_prompt false)",
  })
  .meta({ id: "ShareCreate" });

export const ShareLink = z
  .object({
    code: z.string(),
    url: z.string(),
    mode: z.enum(["live", "snapshot"]),
    can_prompt: z.boolean(),
    expires_at: IsoTimestamp,
    created_at: IsoTimestamp,
    revoked_at: IsoTimestamp.nullable(),
  })
  .meta({ id: "ShareLink" });

export const ShareList = z.object({ shares: z.array(ShareLink) }).meta({ id: "ShareList" });

export const ViewerToken = z
  .object({
    token: z.string(),
    sessionId: z.string(),
    scope: z.enum(["read", "read prompt"]),
    mode: z.enum(["live", "snapshot"]),
    canPrompt: z.boolean(),
    expiresAt: z.number().meta({ description: "unix milliseconds" }),
    upToOffset: z.string().nullable(),
  })
  .meta({ id: "ViewerToken" });
