-- Outbound triggers: one event (optionally one server's tool calls) delivered to a URL through the
-- session outbox. Their attempts go to webhook_deliveries (webhook_id holds the trigger's id).
CREATE TABLE triggers (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  event TEXT NOT NULL,
  webhook_url TEXT NOT NULL,
  server_id TEXT,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX triggers_project ON triggers(project_id, created_at) WHERE deleted_at IS NULL;
