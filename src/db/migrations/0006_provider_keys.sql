-- A project's own model-provider API keys ("bring your own key"): AES-GCM ciphertext sealed for
-- "<project>/provider/<provider>" (src/lib/credentials.ts), never plaintext, never returned.
CREATE TABLE provider_keys (
  project_id TEXT NOT NULL,
  provider TEXT NOT NULL CHECK (provider IN ('anthropic', 'openai')),
  org_id TEXT NOT NULL,
  credentials TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (project_id, provider)
);
