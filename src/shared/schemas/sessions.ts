// Sessions: creation, rows, listing, and the close/delete contract.
import { z } from "zod";
import { IsoTimestamp } from "./common";
import { DEFAULT_USER_ID, UserId } from "./connections";
import { RuntimeConfig } from "./runtime";

export const SessionStatus = z.enum(["active", "closed", "error"]);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const SessionCreate = z
  .object({
    servers: z.array(z.string().min(1).max(100)).max(50).default([]),
    user_id: UserId.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    runtime: RuntimeConfig.optional(),
    // Checked by src/lib/mocks/parse.ts, which answers with the mocks_* error codes the wire contract names.
    mocks: z.unknown().optional().meta({
      description:
        "Test mode: tool name (server/tool or a bare meta tool) -> a response object (every call) or a non-empty array of them (in order, then exhausted). Needs a csk_test_ key on a test project; {} means no mocks.",
    }),
  })
  .meta({ id: "SessionCreate" });
export type SessionCreate = z.infer<typeof SessionCreate>;

export const SessionRow = z
  .object({
    id: z.string().meta({ example: "ses_3kTMd9x2Qp7LwVb1Zc0a" }),
    org_id: z.string(),
    project_id: z.string(),
    user_id: z.string().meta({ description: `The end user whose connections the session uses; "${DEFAULT_USER_ID}" when none was given` }),
    servers: z.array(z.string()),
    status: SessionStatus,
    created_at: IsoTimestamp,
    closed_at: IsoTimestamp.nullable(),
  })
  .meta({ id: "SessionRow" });
export type SessionRow = z.infer<typeof SessionRow>;

export const SessionDetail = SessionRow.extend({
  metadata: z.record(z.string(), z.unknown()),
  runtime: RuntimeConfig,
  tool_calls_count: z.number().int(),
  tool_call_count: z.number().int(),
}).meta({ id: "SessionDetail" });
export type SessionDetail = z.infer<typeof SessionDetail>;

export const SessionListQuery = z.object({
  status: SessionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z
    .string()
    .max(100)
    .refine((v) => v.startsWith("ses_") || !Number.isNaN(Date.parse(v)), "a session id (next_before) or an ISO timestamp")
    .optional(),
});

export const SessionList = z
  .object({ data: z.array(SessionRow), sessions: z.array(SessionRow), next_before: z.string().nullable() })
  .meta({ id: "SessionList" });
