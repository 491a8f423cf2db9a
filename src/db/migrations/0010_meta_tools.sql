-- Commerce meta tools (codespar_pay, ...) a project routes to one of its servers' tools. A mapping
-- is pinned to the registration it was made for (server_created_at): once that server is deleted
-- the mapping stops resolving and is hidden, and a server registered again under the same id does
-- not inherit it.
CREATE TABLE meta_tools (
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  org_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  server_created_at TEXT NOT NULL,
  tool TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (project_id, name)
);
