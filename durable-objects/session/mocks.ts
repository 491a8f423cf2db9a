// A test-mode session's mocks: the raw JSON text of each response per tool, and how far each
// sequence has got. Written once at creation; a session with any mock row is in test mode.
import type { SessionMocks } from "../../src/shared/schemas/mocks";

type MockRow = { tool: string; sequence: number; responses: string; used: number };

/** What a mocked call gets: the response text, or why there is none. */
export type MockAnswer = { kind: "response"; raw: string } | { kind: "exhausted"; used: number } | { kind: "not_mocked" };

export class MockStore {
  /** Mocks never change after creation, so whether there are any is looked up once. */
  private testMode: boolean | null = null;

  constructor(private readonly sql: SqlStorage) {}

  insert(mocks: SessionMocks | null | undefined): void {
    for (const [tool, mock] of Object.entries(mocks ?? {})) {
      this.sql.exec("INSERT INTO mocks (tool, sequence, responses, used) VALUES (?, ?, ?, 0)", tool, mock.sequence ? 1 : 0, JSON.stringify(mock.responses));
    }
    this.testMode = null;
  }

  inTestMode(): boolean {
    this.testMode ??= this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mocks").one().n > 0;
    return this.testMode;
  }

  tools(): string[] {
    return this.sql
      .exec<{ tool: string }>("SELECT tool FROM mocks ORDER BY tool")
      .toArray()
      .map((row) => row.tool);
  }

  /** The answer the next call of `tool` would get, without using it up. */
  peek(tool: string): MockAnswer {
    return this.answer(this.row(tool));
  }

  /** The answer for this call; a sequence moves on by one. Synchronous, so no other call interleaves. */
  take(tool: string): MockAnswer {
    const row = this.row(tool);
    const answer = this.answer(row);
    if (row?.sequence && answer.kind === "response") this.sql.exec("UPDATE mocks SET used = used + 1 WHERE tool = ?", tool);
    return answer;
  }

  private row(tool: string): MockRow | undefined {
    return this.sql.exec<MockRow>("SELECT tool, sequence, responses, used FROM mocks WHERE tool = ?", tool).toArray()[0];
  }

  private answer(row: MockRow | undefined): MockAnswer {
    if (!row) return { kind: "not_mocked" };
    const responses: unknown = JSON.parse(row.responses);
    const list = Array.isArray(responses) ? responses.filter((item): item is string => typeof item === "string") : [];
    const raw = row.sequence ? list[row.used] : list[0];
    return raw === undefined ? { kind: "exhausted", used: row.used } : { kind: "response", raw };
  }
}
