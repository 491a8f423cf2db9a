-- Tenancy and the per-project session index. Organizations own projects; projects own sessions;
-- API keys belong to an organization and are stored only as SHA-256 hashes.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  slug TEXT NOT NULL,
  environment TEXT NOT NULL CHECK (environment IN ('live', 'test')),
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX projects_org_slug ON projects(org_id, slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX projects_one_default ON projects(org_id) WHERE is_default = 1 AND deleted_at IS NULL;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  environment TEXT NOT NULL CHECK (environment IN ('live', 'test')),
  scopes TEXT NOT NULL DEFAULT '["*"]',
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_keys_org ON api_keys(org_id, created_at);

-- The listing index. Each session's object is the source of truth; this row mirrors what listing
-- filters and sorts on, written before create and close answer so listing is read-your-writes.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  user_id TEXT,
  servers TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('active', 'closed', 'error')),
  created_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX sessions_project_created ON sessions(project_id, created_at DESC, id DESC);
CREATE INDEX sessions_project_status_created ON sessions(project_id, status, created_at DESC, id DESC);
