// The prompt queue's request and response shapes.
import { z } from "zod";

export const PromptUser = z.object({ name: z.string().trim().min(1).max(100), email: z.email().max(200).optional() });

export const PromptSubmit = z
  .object({
    text: z.string().min(1).max(100_000),
    promptId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "letters, digits, _ and - (at most 100)").optional(),
    user: PromptUser.optional(),
  })
  .meta({ id: "PromptSubmit" });

export const PromptAccepted = z
  .object({ promptId: z.string(), status: z.string(), position: z.number().int() })
  .meta({ id: "PromptAccepted" });

const QueueItem = z.object({
  promptId: z.string(),
  text: z.string(),
  user: PromptUser.optional(),
  enqueuedAt: z.number(),
  position: z.number().int(),
});

export const QueueSnapshot = z
  .object({ processing: z.boolean(), paused: z.boolean(), running: QueueItem.nullable(), items: z.array(QueueItem), size: z.number().int() })
  .meta({ id: "QueueSnapshot" });

export const QueueOrder = z.object({ order: z.array(z.string()).max(1_000) }).meta({ id: "QueueOrder" });
export const PromptCancelled = z.object({ promptId: z.string(), status: z.string() }).meta({ id: "PromptCancelled" });
export const QueueCleared = z.object({ cleared: z.number().int() }).meta({ id: "QueueCleared" });
