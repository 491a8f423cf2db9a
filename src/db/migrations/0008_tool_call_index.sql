-- The project-wide tool-call index: one row per finished tool call, written by its session object
-- (retried until D1 has it), with what correlates it to provider webhooks. `seq` orders rows as
-- they were indexed (what the live log tail follows); called_at is when the call started.
CREATE TABLE tool_call_index (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tool_call_id TEXT NOT NULL UNIQUE,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  tool_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('success', 'error')),
  error TEXT,
  error_code TEXT,
  idempotency_key TEXT,
  external_reference TEXT,
  tool_kind TEXT NOT NULL CHECK (tool_kind IN ('payment', 'verification', 'other')),
  provider_id TEXT,
  payment_id TEXT,
  verification_id TEXT,
  provider_status TEXT,
  hosted_url TEXT,
  duration_ms REAL NOT NULL,
  called_at TEXT NOT NULL,
  indexed_at TEXT NOT NULL
);
CREATE INDEX tool_call_index_project ON tool_call_index(project_id, seq);
CREATE INDEX tool_call_index_key ON tool_call_index(project_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX tool_call_index_reference ON tool_call_index(project_id, external_reference) WHERE external_reference IS NOT NULL;
CREATE INDEX tool_call_index_provider ON tool_call_index(project_id, server_id, provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX tool_call_index_payment ON tool_call_index(project_id, server_id, payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX tool_call_index_verification ON tool_call_index(project_id, server_id, verification_id) WHERE verification_id IS NOT NULL;

-- Inbound provider webhooks, as received: the raw body of each verified delivery.
CREATE TABLE inbound_webhooks (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  content_type TEXT,
  body TEXT NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX inbound_webhooks_project ON inbound_webhooks(project_id, received_at);

-- Each delivery's events, normalized. A redelivery (same provider event id, or the same event body)
-- is stored once: dedupe_key is unique per project and server.
CREATE TABLE provider_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  delivery_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('payment', 'verification', 'other')),
  event_type TEXT NOT NULL,
  provider TEXT,
  provider_action TEXT,
  provider_event_id TEXT,
  payment_id TEXT,
  verification_id TEXT,
  status TEXT,
  provider_status TEXT,
  idempotency_key TEXT,
  external_reference TEXT,
  hosted_url TEXT,
  received_at TEXT NOT NULL,
  UNIQUE (project_id, server_id, dedupe_key)
);
CREATE INDEX provider_events_key ON provider_events(project_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX provider_events_reference ON provider_events(project_id, external_reference) WHERE external_reference IS NOT NULL;
CREATE INDEX provider_events_payment ON provider_events(project_id, server_id, payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX provider_events_verification ON provider_events(project_id, server_id, verification_id) WHERE verification_id IS NOT NULL;
