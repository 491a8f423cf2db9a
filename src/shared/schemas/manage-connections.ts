// codespar_manage_connections: the input and result the SDK's connectionWizard and the CLI's
// wizard decode: the session user's connection state per server, and connect-link instructions.
import { z } from "zod";
import { nullsAsAbsent } from "./common";

export const MANAGE_CONNECTIONS_TOOL = "codespar_manage_connections";

const ManageConnectionsObject = z.object({
  action: z.enum(["list", "status", "initiate"]).optional().meta({ description: "Default: status with server_id, else list" }),
  server_id: z.string().min(1).max(64).optional(),
  country: z.string().min(1).max(64).optional().meta({ description: 'Only servers of this country (list); "global" servers match any' }),
  environment: z.enum(["live", "test"]).optional(),
  return_to: z
    .string()
    .min(1)
    .max(2_000)
    .optional()
    .meta({ description: "Where the connect page sends the user afterwards (initiate): an https URL, http on localhost, or a path on this gateway" }),
});
export const ManageConnectionsInput = nullsAsAbsent(ManageConnectionsObject);
export type ManageConnectionsInput = z.output<typeof ManageConnectionsInput>;

export function manageConnectionsJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(ManageConnectionsObject, { io: "input" });
  return schema;
}

export const WizardStatus = z.enum(["connected", "disconnected", "not_required", "expired"]);
export const Difficulty = z.enum(["easy", "medium", "hard"]);

export const ConnectionStatusRow = z
  .object({
    server_id: z.string(),
    display_name: z.string(),
    auth_type: z.string(),
    status: WizardStatus,
    difficulty: Difficulty,
    connection_metadata: z.record(z.string(), z.unknown()),
    connected_at: z.string().nullable(),
  })
  .meta({ id: "ConnectionStatusRow" });
export type ConnectionStatusRow = z.infer<typeof ConnectionStatusRow>;

export const ConnectionInstructions = z
  .object({
    server_id: z.string(),
    display_name: z.string(),
    auth_type: z.string(),
    difficulty: Difficulty,
    status: WizardStatus,
    connect_url: z.string(),
    instructions: z.array(z.string()),
    required_secrets: z.array(z.object({ name: z.string(), hint: z.string().optional() })),
    known_pitfalls: z.array(z.string()),
    next_action: z.string(),
  })
  .meta({ id: "ConnectionInstructions" });
export type ConnectionInstructions = z.infer<typeof ConnectionInstructions>;

export const ManageConnectionsResult = z
  .object({
    action: z.enum(["list", "status", "initiate"]),
    connections: z.array(ConnectionStatusRow),
    status: ConnectionStatusRow.nullable(),
    initiate: ConnectionInstructions.nullable(),
  })
  .meta({ id: "ManageConnectionsResult" });
export type ManageConnectionsResult = z.infer<typeof ManageConnectionsResult>;
