// The prompt queue's request and response shapes.
import { z } from "zod";
import { MAX_DISPLAY_NAME_LENGTH, MAX_PROMPT_LENGTH } from "../prompt-limits";

/**
 * Control characters (C0, DEL, C1), the line and paragraph separators, and the bidirectional
 * overrides and isolates: a name shown to others must not carry terminal escapes, break lines, or
 * render as other text than it is (U+202E + "nimda" shows "admin").
 */
const FORBIDDEN_IN_NAME = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** A display name as a prompt or permission answer carries it: from API keys and viewers alike. */
export const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(MAX_DISPLAY_NAME_LENGTH)
  .refine((name) => !FORBIDDEN_IN_NAME.test(name), "no control or bidirectional-override characters");

export const PromptUser = z.object({ name: DisplayName, email: z.email().max(200).optional() });
export type PromptUser = z.infer<typeof PromptUser>;

export const PromptSubmit = z
  .object({
    text: z.string().min(1).max(MAX_PROMPT_LENGTH),
    promptId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, "letters, digits, _ and - (at most 100)")
      .optional(),
    user: PromptUser.optional(),
  })
  .meta({ id: "PromptSubmit" });

export const PromptAccepted = z.object({ promptId: z.string(), status: z.string(), position: z.number().int() }).meta({ id: "PromptAccepted" });

export const QueueItem = z.object({
  promptId: z.string(),
  text: z.string(),
  user: PromptUser.optional(),
  enqueuedAt: z.number(),
  position: z.number().int(),
});

export const QueueSnapshot = z
  .object({ processing: z.boolean(), paused: z.boolean(), running: QueueItem.nullable(), items: z.array(QueueItem), size: z.number().int() })
  .meta({ id: "QueueSnapshot" });
export type QueueItem = z.infer<typeof QueueItem>;
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;

export const QueueOrder = z.object({ order: z.array(z.string()).max(1_000) }).meta({ id: "QueueOrder" });
export const PromptCancelled = z.object({ promptId: z.string(), status: z.string() }).meta({ id: "PromptCancelled" });
export const QueueCleared = z.object({ cleared: z.number().int() }).meta({ id: "QueueCleared" });
