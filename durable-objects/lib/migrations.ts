// Versioned, ordered schema migrations for SQLite-backed Durable Objects. Each runs once, in its
// own transaction together with the row that records it, so a crash never leaves half a migration.
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[]): number {
  const { sql } = storage;
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const current = sql.exec<{ v: number }>("SELECT COALESCE(MAX(version), 0) AS v FROM _migrations").one().v;
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      sql.exec("INSERT INTO _migrations (version, description, applied_at) VALUES (?, ?, ?)", migration.version, migration.description, Date.now());
    });
  }
  return pending.at(-1)?.version ?? current;
}
