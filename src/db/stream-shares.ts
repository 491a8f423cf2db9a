// D1 queries for share links of a project's streams: the row holds a code's terms and is the authority
// on revocation and expiry (KV only routes the code). A session registered by capi has at most one
// active live link, made idempotent in one statement.
import type { Share, ShareStatus } from "../../durable-objects/session/shares";

export interface StreamShare extends Share {
  projectId: string;
  orgId: string;
  path: string;
  /** What `capi export --shortener` registered (the agent's session id and kind), else null. */
  agentSessionId: string | null;
  agent: string | null;
  entryCount: number;
}

type StreamShareRow = {
  code: string;
  project_id: string;
  org_id: string;
  path: string;
  mode: "live" | "snapshot";
  can_prompt: number;
  up_to_offset: string | null;
  agent_session_id: string | null;
  agent: string | null;
  entry_count: number;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
};

const toShare = (row: StreamShareRow): StreamShare => ({
  code: row.code,
  projectId: row.project_id,
  orgId: row.org_id,
  path: row.path,
  mode: row.mode,
  canPrompt: row.can_prompt === 1,
  upToOffset: row.up_to_offset,
  agentSessionId: row.agent_session_id,
  agent: row.agent,
  entryCount: row.entry_count,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

const COLUMNS = "code, project_id, org_id, path, mode, can_prompt, up_to_offset, agent_session_id, agent, entry_count, created_at, expires_at, revoked_at";
/** Not revoked and not expired at the bound `now`. */
const ACTIVE = "revoked_at IS NULL AND expires_at > ?";
/** An agent session's active live link (bound: project, agent session, now). */
const LIVE_OF_SESSION = `project_id = ? AND agent_session_id = ? AND mode = 'live' AND ${ACTIVE}`;

const values = (share: StreamShare) => [
  share.code,
  share.projectId,
  share.orgId,
  share.path,
  share.mode,
  share.canPrompt ? 1 : 0,
  share.upToOffset,
  share.agentSessionId,
  share.agent,
  share.entryCount,
  share.createdAt,
  share.expiresAt,
];

export async function insertStreamShare(db: D1Database, share: StreamShare): Promise<StreamShare> {
  await db
    .prepare(`INSERT INTO stream_shares (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`)
    .bind(...values(share))
    .run();
  return share;
}

/**
 * The agent session's active live link: `share` inserted unless one exists already, in one statement,
 * so two concurrent exports of one session still get one link. Returns the link that is active.
 */
export async function insertLiveStreamShare(db: D1Database, share: StreamShare & { agentSessionId: string }): Promise<StreamShare> {
  const now = Date.now();
  const [, active] = await db.batch<StreamShareRow>([
    db
      .prepare(
        `INSERT INTO stream_shares (${COLUMNS}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL
         WHERE NOT EXISTS (SELECT 1 FROM stream_shares WHERE ${LIVE_OF_SESSION})`,
      )
      .bind(...values(share), share.projectId, share.agentSessionId, now),
    db.prepare(`SELECT ${COLUMNS} FROM stream_shares WHERE ${LIVE_OF_SESSION} ORDER BY created_at LIMIT 1`).bind(share.projectId, share.agentSessionId, now),
  ]);
  const row = active?.results[0];
  return row ? toShare(row) : share;
}

/** The active live link of an agent session in the project, if any. */
export async function findLiveStreamShare(db: D1Database, projectId: string, agentSessionId: string): Promise<StreamShare | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM stream_shares WHERE ${LIVE_OF_SESSION} ORDER BY created_at LIMIT 1`)
    .bind(projectId, agentSessionId, Date.now())
    .first<StreamShareRow>();
  return row ? toShare(row) : null;
}

export async function getStreamShare(db: D1Database, code: string): Promise<StreamShare | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM stream_shares WHERE code = ?`).bind(code).first<StreamShareRow>();
  return row ? toShare(row) : null;
}

/** The stream's share links in the project, newest first (revoked ones included). */
export async function listStreamShares(db: D1Database, projectId: string, path: string): Promise<StreamShare[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM stream_shares WHERE project_id = ? AND path = ? ORDER BY created_at DESC, code`)
    .bind(projectId, path)
    .all<StreamShareRow>();
  return results.map(toShare);
}

/** Idempotent: false only when the project has no such share. */
export async function revokeStreamShare(db: D1Database, projectId: string, code: string): Promise<boolean> {
  const row = await db
    .prepare("UPDATE stream_shares SET revoked_at = COALESCE(revoked_at, ?) WHERE project_id = ? AND code = ? RETURNING code")
    .bind(Date.now(), projectId, code)
    .first<{ code: string }>();
  return row !== null;
}

export function streamShareStatus(share: StreamShare | null, now = Date.now()): ShareStatus {
  if (!share) return "unknown";
  if (share.revokedAt !== null) return "revoked";
  return share.expiresAt <= now ? "expired" : "active";
}
