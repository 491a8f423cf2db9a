-- Per-user connections: the credential one end user gives one server of a project, and the
-- single-use connect links that collect it. Credentials are AES-GCM ciphertext bound to the row
-- (src/lib/credentials.ts); link tokens are stored only as SHA-256 hashes.
ALTER TABLE servers ADD COLUMN oauth TEXT;
ALTER TABLE servers ADD COLUMN oauth_client_secret TEXT;
ALTER TABLE servers ADD COLUMN connect_fields TEXT;
ALTER TABLE servers ADD COLUMN webhook_secret TEXT;

CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  auth_type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'revoked')),
  display_name TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  connection_metadata TEXT NOT NULL DEFAULT '{}',
  credentials TEXT,
  created_at TEXT NOT NULL,
  connected_at TEXT,
  revoked_at TEXT,
  expires_at TEXT
);
CREATE INDEX connections_user ON connections(project_id, server_id, user_id, status);
CREATE INDEX connections_project ON connections(project_id, created_at);

CREATE TABLE connect_links (
  token_hash TEXT PRIMARY KEY,
  connection_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  scopes TEXT NOT NULL DEFAULT '[]',
  code_verifier TEXT,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
