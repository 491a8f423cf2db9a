// Share links: creation, the share as the owner sees it, and the viewer's token exchange.
import { z } from "zod";
import { IsoTimestamp } from "./common";
import { PromptSubmit, PromptUser } from "./queue";

/** Longest a share may live: 30 days. */
export const MAX_SHARE_TTL_S = 30 * 24 * 3600;
export const DEFAULT_SHARE_TTL_S = 7 * 24 * 3600;

const shareTerms = {
  mode: z.enum(["live", "snapshot"]),
  can_prompt: z.boolean().default(false),
  expires_in_s: z.number().int().min(60).max(MAX_SHARE_TTL_S).default(DEFAULT_SHARE_TTL_S),
};

// A snapshot is frozen at one offset: a prompt would change what it shows.
const noSnapshotPrompts = <T extends { mode: "live" | "snapshot"; can_prompt: boolean }>(share: T) => !(share.mode === "snapshot" && share.can_prompt);
const snapshotPromptIssue = { path: ["can_prompt"], message: "a snapshot share cannot allow prompts (use mode live, or can_prompt false)" };

export const ShareCreate = z.object(shareTerms).refine(noSnapshotPrompts, snapshotPromptIssue).meta({ id: "ShareCreate" });

/**
 * A shareable stream path as /v1/stream/<path> names it: segments of unreserved URL characters (so the path reads
 * the same encoded or not), no empty, `.` or `..` segments.
 */
export const StreamPathField = z
  .string()
  .min(1)
  .max(1024)
  .regex(
    /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/,
    "a stream path of letters, digits, . _ ~ - and /, such as asp/<session>/live",
  )
  .meta({ example: "asp/3f2c9a/live" });

export const StreamShareCreate = z
  .object({ stream: StreamPathField.meta({ description: "the stream's path under /v1/stream/" }), ...shareTerms })
  .refine(noSnapshotPrompts, snapshotPromptIssue)
  .meta({ id: "StreamShareCreate" });

/** A viewer's prompt as it is appended to that stream (what the agent-session-protocol viewer sends). */
export const StreamPrompt = z
  .object({
    v: z.literal(1),
    ts: z.number().int().min(0),
    type: z.literal("prompt"),
    text: PromptSubmit.shape.text,
    user: PromptUser.pick({ name: true }).optional(),
  })
  .strict()
  .meta({ id: "StreamPrompt" });
export type StreamPrompt = z.infer<typeof StreamPrompt>;

/** What `capi export --shortener <gateway>` posts to /api/create. The token is checked, never stored. */
export const ShortenerCreate = z
  .object({
    fullUrl: z.string().max(2048),
    sessionId: z.string().min(1).max(200),
    entryCount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    agent: z.enum(["claude", "codex"]),
    token: z.string().min(1).max(512),
    live: z.boolean().optional(),
  })
  .meta({ id: "ShortenerCreate" });

export const ShortenerLink = z.object({ shortId: z.string(), shortUrl: z.string() }).meta({ id: "ShortenerLink" });

/** A share link read with `Accept: application/json` (what `capi import <short url>` resolves). */
export const ShareResolve = z
  .object({
    fullUrl: z.string().meta({ description: "the stream (or session log) to read, with the reader's own credential" }),
    sessionId: z.string(),
    entryCount: z.number().int(),
    agent: z.string(),
    createdAt: z.number().meta({ description: "unix milliseconds" }),
    live: z.boolean(),
    liveShareUrl: z.string().nullable().meta({ description: "the session's live share link, when it has one" }),
  })
  .meta({ id: "ShareResolve" });

export const ShareLink = z
  .object({
    code: z.string(),
    url: z.string(),
    stream: z.string().nullable().meta({ description: "a stream share's path under /v1/stream/; null for a session share" }),
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
    kind: z.enum(["session", "stream"]).meta({ description: "what the share opens: a gateway session or a Durable Stream" }),
    sessionId: z.string().meta({ description: "the session's id; for a stream share, the agent session id it was created with (display only)" }),
    streamPath: z.string().nullable().meta({ description: "a stream share's path under /v1/stream/; null for a session share" }),
    scope: z.enum(["read", "read prompt"]),
    mode: z.enum(["live", "snapshot"]),
    canPrompt: z.boolean(),
    expiresAt: z.number().meta({ description: "unix milliseconds" }),
    upToOffset: z.string().nullable(),
  })
  .meta({ id: "ViewerToken" });
