// Tool execution, tool-call records, connections and send: the shapes the SDKs read.
import { z } from "zod";
import { IsoTimestamp } from "./common";

const JsonObject = z.record(z.string(), z.unknown());

export const ExecuteBody = z
  .object({ tool: z.string().min(1).max(200), input: z.unknown().optional(), params: z.unknown().optional() })
  .meta({ id: "ExecuteBody" });

export const ToolResult = z
  .object({
    success: z.boolean(),
    data: z.unknown(),
    error: z.string().nullable(),
    duration: z.number().meta({ description: "milliseconds" }),
    server: z.string(),
    tool: z.string(),
    tool_call_id: z.string(),
    called_at: IsoTimestamp,
  })
  .meta({ id: "ToolResult" });
export type ToolResult = z.infer<typeof ToolResult>;

export const ToolCallRecord = z
  .object({
    id: z.string(),
    tool_name: z.string(),
    server_id: z.string(),
    status: z.enum(["success", "error"]),
    duration_ms: z.number(),
    input: z.unknown(),
    output: z.unknown(),
    error_code: z.string().nullable(),
  })
  .meta({ id: "ToolCallRecord" });
export type ToolCallRecord = z.infer<typeof ToolCallRecord>;

export const ToolCallRow = ToolCallRecord.extend({
  session_id: z.string(),
  called_at: IsoTimestamp,
  tool: z.string(),
  server: z.string(),
  error: z.string().nullable(),
  idempotency_key: z.string().nullable().meta({ description: "The call's key (a uuid), given to server tools that take one; null for older calls" }),
}).meta({ id: "ToolCallRow" });
export type ToolCallRow = z.infer<typeof ToolCallRow>;

export const ToolCallLogs = z.object({ data: z.array(ToolCallRow), tool_calls: z.array(ToolCallRow) }).meta({ id: "ToolCallLogs" });

export const Tool = z.object({ name: z.string(), description: z.string(), input_schema: JsonObject, server: z.string() }).meta({ id: "Tool" });
export type Tool = z.infer<typeof Tool>;

export const ServerConnection = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    country: z.string(),
    auth_type: z.enum(["oauth", "api_key", "cert", "none"]),
    connected: z.boolean(),
  })
  .meta({ id: "ServerConnection" });
export type ServerConnection = z.infer<typeof ServerConnection>;

export const Connections = z.object({ servers: z.array(ServerConnection), tools: z.array(Tool) }).meta({ id: "Connections" });
export type Connections = z.infer<typeof Connections>;

export const SendBody = z.object({ message: z.string().min(1).max(100_000) }).meta({ id: "SendBody" });

export const SendResult = z.object({ message: z.string(), tool_calls: z.array(ToolCallRecord), iterations: z.number().int() }).meta({ id: "SendResult" });
export type SendResult = z.infer<typeof SendResult>;
