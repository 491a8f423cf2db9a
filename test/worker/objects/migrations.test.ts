// Versioned SQLite migrations: each version runs once and is recorded once, in order, atomically.
import { describe, expect, it } from "vitest";
import { migrate, type Migration } from "../../../durable-objects/lib/migrations";
import { SESSION_MIGRATIONS } from "../../../durable-objects/session/schema";
import { withFreshStorage } from "../../helpers/worker-objects";

const versions = (sql: SqlStorage) =>
  sql
    .exec<{ version: number }>("SELECT version FROM _migrations ORDER BY version")
    .toArray()
    .map((r) => r.version);
const tableExists = (sql: SqlStorage, name: string) =>
  sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?", name).one().n === 1;
const latest = Math.max(...SESSION_MIGRATIONS.map((m) => m.version));

describe("migrate", () => {
  it("runs every session migration once, and running it again changes nothing", async () => {
    await withFreshStorage((storage) => {
      const expected = SESSION_MIGRATIONS.map((m) => m.version).sort((a, b) => a - b);
      expect(versions(storage.sql)).toEqual(expected);
      expect(migrate(storage, SESSION_MIGRATIONS)).toBe(latest);
      expect(migrate(storage, SESSION_MIGRATIONS)).toBe(latest);
      expect(versions(storage.sql)).toEqual(expected);
      for (const table of ["meta", "events", "producers", "tool_calls"]) expect(tableExists(storage.sql, table), table).toBe(true);
    });
  });

  it("applies only new versions, in version order, each once", async () => {
    await withFreshStorage((storage) => {
      const extra: Migration[] = [
        { version: latest + 2, description: "second", sql: "INSERT INTO probe (step) VALUES ('second');" },
        { version: latest + 1, description: "first", sql: "CREATE TABLE probe (step TEXT NOT NULL); INSERT INTO probe (step) VALUES ('first');" },
      ];
      expect(migrate(storage, [...SESSION_MIGRATIONS, ...extra])).toBe(latest + 2);
      expect(migrate(storage, [...SESSION_MIGRATIONS, ...extra])).toBe(latest + 2);
      expect(
        storage.sql
          .exec<{ step: string }>("SELECT step FROM probe ORDER BY rowid")
          .toArray()
          .map((r) => r.step),
      ).toEqual(["first", "second"]);
      expect(versions(storage.sql).slice(-2)).toEqual([latest + 1, latest + 2]);
    });
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    await withFreshStorage((storage) => {
      const broken: Migration = { version: latest + 1, description: "broken", sql: "CREATE TABLE half (a TEXT); INSERT INTO no_such_table VALUES (1);" };
      expect(() => migrate(storage, [...SESSION_MIGRATIONS, broken])).toThrow();
      expect(tableExists(storage.sql, "half")).toBe(false);
      expect(versions(storage.sql)).not.toContain(latest + 1);
    });
  });
});
