-- Share links of a project's Durable Streams (capi's agent-session-protocol streams among them). The
-- row is the authority on a code's terms, revocation and expiry; KV only routes the code here.
-- agent_session_id, agent and entry_count are what `capi export --shortener` registered, answered
-- back when the link is resolved as JSON; a session has at most one active live link.
CREATE TABLE stream_shares (
  code TEXT PRIMARY KEY,
  project_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  path TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('live', 'snapshot')),
  can_prompt INTEGER NOT NULL,
  up_to_offset TEXT,
  agent_session_id TEXT,
  agent TEXT,
  entry_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX stream_shares_by_path ON stream_shares (project_id, path, created_at);
CREATE INDEX stream_shares_by_agent_session ON stream_shares (project_id, agent_session_id, mode);
