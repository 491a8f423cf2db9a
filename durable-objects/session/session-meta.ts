// The session's own record: who owns it, its servers and status. One row, written at creation.
import { SessionDetail, SessionRow, type SessionStatus } from "../../src/shared/schemas/sessions";
import type { Environment } from "../../src/shared/ids";
import { RuntimeConfig } from "../../src/shared/schemas/runtime";
import { decodeStored } from "../../src/shared/stored-json";
import type { SessionMocks } from "../../src/shared/schemas/mocks";
import { DEFAULT_USER_ID } from "../../src/shared/schemas/connections";
import type { LazySchema } from "../lib/migrations";

export interface SessionInit {
  id: string;
  orgId: string;
  projectId: string;
  environment: Environment;
  userId: string;
  servers: string[];
  metadata: Record<string, unknown>;
  runtime: RuntimeConfig;
  createdAt: string;
  /** Test mode: the session answers tool calls from these (see src/lib/mocks/parse.ts). */
  mocks?: SessionMocks | null;
}

const ServerNames = SessionRow.shape.servers;
const Metadata = SessionDetail.shape.metadata;

type MetaRecord = {
  session_id: string;
  org_id: string;
  project_id: string;
  user_id: string | null;
  servers: string;
  metadata: string;
  environment: Environment;
  status: SessionStatus;
  created_at: string;
  closed_at: string | null;
  runtime: string;
};

export interface SessionState {
  row: SessionRow;
  metadata: Record<string, unknown>;
  environment: Environment;
  runtime: RuntimeConfig;
}

export class SessionMeta {
  constructor(
    private readonly sql: SqlStorage,
    private readonly schema: LazySchema,
  ) {}

  /** The session, if one was ever created in this object (one nobody created has no tables to read). */
  get(): SessionState | null {
    if (!this.schema.exists) return null;
    const record = this.sql.exec<MetaRecord>("SELECT * FROM meta WHERE id = 1").toArray()[0];
    if (!record) return null;
    return {
      row: {
        id: record.session_id,
        org_id: record.org_id,
        project_id: record.project_id,
        // Sessions created before user ids were always strings stored null: they belong to the default user.
        user_id: record.user_id ?? DEFAULT_USER_ID,
        servers: decodeStored(ServerNames, record.servers, "session servers"),
        status: record.status,
        created_at: record.created_at,
        closed_at: record.closed_at,
      },
      metadata: decodeStored(Metadata, record.metadata, "session metadata"),
      environment: record.environment,
      runtime: decodeStored(RuntimeConfig, record.runtime, "session runtime"),
    };
  }

  insert(init: SessionInit): void {
    this.sql.exec(
      `INSERT INTO meta (id, session_id, org_id, project_id, user_id, servers, metadata, environment, runtime, status, created_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)`,
      init.id,
      init.orgId,
      init.projectId,
      init.userId,
      JSON.stringify(init.servers),
      JSON.stringify(init.metadata),
      init.environment,
      JSON.stringify(init.runtime),
      init.createdAt,
    );
  }

  setStatus(status: SessionStatus, closedAt: string | null): void {
    this.sql.exec("UPDATE meta SET status = ?, closed_at = ? WHERE id = 1", status, closedAt);
  }
}

export const toDetail = (state: SessionState, toolCallCount: number): SessionDetail => ({
  ...state.row,
  metadata: state.metadata,
  runtime: state.runtime,
  tool_calls_count: toolCallCount,
  tool_call_count: toolCallCount,
});
