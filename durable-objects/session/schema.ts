// The session object's SQLite schema, as ordered migrations. Append new versions; never edit old ones.
import type { Migration } from "../lib/migrations";
import { PRODUCERS_TABLE_SQL } from "../lib/producers";

export const SESSION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "session metadata, event log, producers, tool calls",
    sql: `
      CREATE TABLE meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        session_id TEXT NOT NULL,
        org_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        user_id TEXT,
        servers TEXT NOT NULL,
        metadata TEXT NOT NULL,
        environment TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        ts INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      ${PRODUCERS_TABLE_SQL}
      CREATE TABLE tool_calls (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        tool_name TEXT NOT NULL,
        server_id TEXT NOT NULL,
        status TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        input TEXT NOT NULL,
        output TEXT NOT NULL,
        error TEXT,
        error_code TEXT,
        called_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "prompt queue and the session's runtime",
    sql: `
      ALTER TABLE meta ADD COLUMN runtime TEXT NOT NULL DEFAULT '{"type":"managed","provider":"local"}';
      CREATE TABLE prompts (
        prompt_id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        user TEXT,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        sort_key REAL NOT NULL,
        enqueued_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX prompts_queued ON prompts(status, sort_key);
      CREATE TABLE queue_state (id INTEGER PRIMARY KEY CHECK (id = 1), paused INTEGER NOT NULL);
      INSERT INTO queue_state (id, paused) VALUES (1, 0);
    `,
  },
  {
    version: 3,
    description: "agent leases and permission requests",
    sql: `
      CREATE TABLE leases (
        lease_id TEXT PRIMARY KEY,
        prompt_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'expired')),
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX leases_active ON leases(status, expires_at);
      CREATE TABLE permission_requests (
        request_id TEXT PRIMARY KEY,
        tool TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'answered')),
        decision TEXT,
        message TEXT,
        requested_at INTEGER NOT NULL,
        answered_at INTEGER
      );
    `,
  },
  {
    version: 4,
    description: "webhook outbox",
    sql: `
      CREATE TABLE webhook_outbox (
        event_seq INTEGER PRIMARY KEY,
        event_type TEXT NOT NULL,
        event TEXT NOT NULL
      );
      CREATE TABLE webhook_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        webhook_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        event TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        UNIQUE (webhook_id, event_seq)
      );
      CREATE INDEX webhook_queue_pending ON webhook_queue(status, webhook_id, id);
    `,
  },
  {
    version: 5,
    description: "share links",
    sql: `
      CREATE TABLE shares (
        code TEXT PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('live', 'snapshot')),
        can_prompt INTEGER NOT NULL,
        up_to_offset TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
    `,
  },
  {
    version: 6,
    description: "test-mode mocks: raw JSON responses per tool and how many a sequence has used",
    sql: `
      CREATE TABLE mocks (
        tool TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL,
        responses TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    version: 7,
    description: "tool-call idempotency keys, and each call's pending write to the project-wide tool-call index",
    sql: `
      ALTER TABLE tool_calls ADD COLUMN idempotency_key TEXT;
      ALTER TABLE tool_calls ADD COLUMN index_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE tool_calls ADD COLUMN index_due_at INTEGER;
      CREATE INDEX tool_calls_index_due ON tool_calls(index_due_at) WHERE index_due_at IS NOT NULL;
    `,
  },
  {
    version: 8,
    description: "streamed assistant pieces (assistant_message with delta: true) become assistant_delta events",
    sql: `
      UPDATE events
        SET type = 'assistant_delta',
            body = json_set(json_remove(body, '$.delta', '$.phase'), '$.type', 'assistant_delta')
        WHERE type = 'assistant_message' AND json_extract(body, '$.delta') = 1;
    `,
  },
  {
    version: 9,
    description: "permission requests keep the agent's options, and answers the option they picked",
    sql: `
      ALTER TABLE permission_requests ADD COLUMN options TEXT;
      ALTER TABLE permission_requests ADD COLUMN option_id TEXT;
    `,
  },
];
