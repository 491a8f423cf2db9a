// The agent-session-protocol (ASP) normalized event schema, as the compatibility spec lists it:
// what `capi` writes and reads. Extra fields are allowed; the session log (events.ts) is a superset.
import { z } from "zod";

const AspUser = z.looseObject({ name: z.string(), email: z.string().optional() });
const AspUsage = z.looseObject({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  cachedInputTokens: z.number().optional(),
  costUsd: z.number().optional(),
});

const asp = <K extends string, T extends z.ZodRawShape>(type: K, shape: T) =>
  z.looseObject({ v: z.literal(1), ts: z.number(), type: z.literal(type), ...shape });

export const AspEvent = z.discriminatedUnion("type", [
  asp("session_init", {
    sessionId: z.string(),
    cwd: z.string(),
    model: z.string().optional(),
    agent: z.string(),
    agentVersion: z.string().optional(),
    git: z.looseObject({ branch: z.string().optional(), commit: z.string().optional(), remote: z.string().optional() }).optional(),
  }),
  asp("user_message", { text: z.string(), user: AspUser.optional() }),
  asp("user_message_queued", { text: z.string(), user: AspUser.optional() }),
  asp("assistant_message", { text: z.string(), phase: z.enum(["commentary", "final"]).optional() }),
  asp("thinking", { summary: z.string(), text: z.string().nullable() }),
  asp("tool_call", {
    callId: z.string(),
    tool: z.string(),
    originalTool: z.string().optional(),
    originalAgent: z.string().optional(),
    input: z.unknown(),
  }),
  asp("tool_result", { callId: z.string(), output: z.unknown(), isError: z.boolean(), exitCode: z.number().optional() }),
  asp("permission_request", { requestId: z.string(), tool: z.string(), input: z.unknown() }),
  asp("permission_response", {
    requestId: z.string(),
    decision: z.enum(["allow", "allow_session", "deny", "cancel"]),
    user: AspUser.optional(),
    message: z.string().optional(),
    updatedInput: z.unknown().optional(),
  }),
  asp("turn_complete", { success: z.boolean(), usage: AspUsage.optional(), durationMs: z.number().optional() }),
  asp("turn_aborted", { reason: z.string() }),
  asp("compaction", { summary: z.string().optional() }),
  asp("error", { code: z.string().optional(), message: z.string(), retryable: z.boolean().optional() }),
  asp("session_end", {}),
]);
export type AspEvent = z.infer<typeof AspEvent>;
export type AspEventType = AspEvent["type"];

/** The ASP event types, in the order the spec lists them. */
export const ASP_EVENT_TYPES: readonly AspEventType[] = AspEvent.options.map((option) => option.shape.type.value);

export const isAspEventType = (type: string): type is AspEventType => ASP_EVENT_TYPES.some((known) => known === type);
