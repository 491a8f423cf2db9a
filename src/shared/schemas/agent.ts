// The external-agent API: leases, the events an agent may append, completion, permission answers.
import { z } from "zod";
import { fromRetiredDelta, SessionEvent } from "./events";
import { PromptUser } from "./queue";

export const LeaseRequest = z.object({ wait_ms: z.number().int().min(0).max(30_000).default(0) }).meta({ id: "LeaseRequest" });

export const LeaseGrant = z
  .object({ promptId: z.string(), text: z.string(), user: PromptUser.nullable(), leaseId: z.string(), leaseExpiresAt: z.string() })
  .meta({ id: "LeaseGrant" });
export type LeaseGrant = z.infer<typeof LeaseGrant>;

export const LeaseRenewed = z.object({ leaseId: z.string(), leaseExpiresAt: z.string() }).meta({ id: "LeaseRenewed" });

/** Events an agent reports about its turn; the gateway owns the rest (queue, session and turn bookkeeping). */
export const AGENT_EVENT_TYPES = [
  "assistant_message",
  "assistant_delta",
  "thinking",
  "tool_call",
  "tool_result",
  "permission_request",
  "compaction",
  "agent_info",
  "error",
] as const;

const AgentEvent = z.looseObject({ type: z.enum(AGENT_EVENT_TYPES) }).transform((event, ctx) => {
  const parsed = SessionEvent.safeParse(fromRetiredDelta({ ...event, v: 1, ts: 0 }));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  }
  const { v: _v, ts: _ts, ...rest } = parsed.data;
  return rest;
});

export const AgentEvents = z
  .union([z.array(AgentEvent).min(1).max(500), AgentEvent.transform((event) => [event])])
  .meta({ id: "AgentEvents", description: "One event or an array of events (appended in order)" });

export const AgentAppended = z.object({ offset: z.string() }).meta({ id: "AgentAppended" });

export const AgentComplete = z
  .object({
    leaseId: z.string(),
    success: z.boolean(),
    usage: z
      .object({
        inputTokens: z.number().min(0),
        outputTokens: z.number().min(0),
        cachedInputTokens: z.number().min(0).default(0),
        costUsd: z.number().min(0).optional(),
      })
      .optional(),
  })
  .meta({ id: "AgentComplete" });

export const Decision = z.enum(["allow", "allow_session", "deny", "cancel"]);
export type Decision = z.infer<typeof Decision>;

export const PermissionDecision = z
  .object({
    decision: Decision,
    optionId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "the request's option this answer picks (one of its `options`); its kind must agree with `decision`" }),
    message: z.string().max(2_000).optional(),
    user: PromptUser.optional(),
  })
  .meta({ id: "PermissionDecision" });
export type PermissionDecision = z.infer<typeof PermissionDecision>;

export const PermissionState = z
  .object({
    requestId: z.string(),
    tool: z.string(),
    input: z.unknown(),
    status: z.enum(["pending", "answered"]),
    decision: Decision.nullable(),
    optionId: z.string().nullable(),
    message: z.string().nullable(),
  })
  .meta({ id: "PermissionState" });
export type PermissionState = z.infer<typeof PermissionState>;
