// Versioned, ordered schema migrations for SQLite-backed Durable Objects. Each runs once, in its
// own transaction together with the row that records it, so a crash never leaves half a migration.
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** A data step SQL alone cannot express (e.g. a backfill), run after `sql` in the same transaction. */
  run?: (sql: SqlStorage) => void;
}

export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[]): number {
  const { sql } = storage;
  sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const current = sql.exec<{ v: number }>("SELECT COALESCE(MAX(version), 0) AS v FROM _migrations").one().v;
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      migration.run?.(sql);
      sql.exec("INSERT INTO _migrations (version, description, applied_at) VALUES (?, ?, ?)", migration.version, migration.description, Date.now());
    });
  }
  return pending.at(-1)?.version ?? current;
}

/**
 * The schema of an object that may never have been created. A probe of an id nobody created (a GET
 * of a random session id, a HEAD of a stream path that does not exist) reaches a fresh object;
 * creating tables there would store an empty object for every probe. So an existing schema is
 * brought up to date at once, a missing one is created by the object's first write (`ensure`), and
 * until then the object answers as missing without writing anything.
 */
export class LazySchema {
  private created: boolean;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly migrations: readonly Migration[],
  ) {
    this.created = storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").toArray().length > 0;
    if (this.created) migrate(storage, migrations);
  }

  get exists(): boolean {
    return this.created;
  }

  ensure(): void {
    if (this.created) return;
    migrate(this.storage, this.migrations);
    this.created = true;
  }
}
