-- The project's MCP server registry. Ids are chosen by the tenant (the `server` in `server/tool`),
-- unique per project. Credentials are AES-GCM ciphertext (src/lib/credentials.ts), never plaintext.
CREATE TABLE servers (
  project_id TEXT NOT NULL,
  id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  rest_base_url TEXT,
  category TEXT NOT NULL,
  country TEXT NOT NULL,
  auth_type TEXT NOT NULL CHECK (auth_type IN ('oauth', 'api_key', 'cert', 'none')),
  credentials TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (project_id, id)
);
