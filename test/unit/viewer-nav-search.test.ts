// Find in session (spa/src/lib/nav/row-text.ts): every row kind's text is searched, case-insensitively,
// cached per row object (a changed row is indexed again).
import { describe, expect, it } from "vitest";
import type { DisplayRow } from "../../spa/src/lib/pending";
import { decodeItem, type Incoming } from "../../spa/src/lib/events";
import { findRows, MAX_ROW_TEXT, normalizeQuery, rowSearchText } from "../../spa/src/lib/nav/row-text";
import { applyItems, emptyView, type ViewState } from "../../spa/src/lib/rows";

const off = (n: number): string => `${"0".repeat(16)}_${String(n).padStart(16, "0")}`;
const ev = (n: number, type: string, fields: Record<string, unknown> = {}) => ({ v: 1, type, ts: 1_700_000_000_000 + n * 1_000, offset: off(n), ...fields });
function view(raw: readonly unknown[], from: ViewState = emptyView()): ViewState {
  return applyItems(
    from,
    raw.map(decodeItem).filter((item): item is Incoming => item !== null),
  );
}

const log = [
  ev(1, "session_init", { sessionId: "ses_1", agent: "Claude Code", model: "claude-sonnet", runtime: "external" }),
  ev(2, "user_message", { text: "Why does the LOGIN test fail?", user: { name: "Ana" } }),
  ev(3, "thinking", { summary: "Reading the login flow", text: "The cookie is probably missing." }),
  ev(4, "tool_call", { callId: "c1", tool: "terminal", input: { command: 'npm test -- --grep "login"' } }),
  ev(5, "tool_result", { callId: "c1", output: "1 failing\n  AssertionError: expected cookie", isError: true, errorCode: "exit_1" }),
  ev(6, "permission_request", { requestId: "r1", tool: "file_write", input: { path: "src/auth.ts", content: "export const secure = true;" } }),
  ev(7, "error", { code: "rate_limited", message: "Slow down please" }),
  ev(8, "assistant_message", { text: "The **session cookie** was not set." }),
  ev(9, "tool_call", { callId: "c2", tool: "fetch", server: "docs-mcp", input: ["first", { nested: "Deep Value" }] }),
];

describe("find in session: row text", () => {
  const rows = view(log).rows;
  const find = (query: string) => findRows(rows, query).map((index) => rows[index]?.kind);

  it("finds prompts, replies, thinking, tool name/input/output, permissions and errors, ignoring case", () => {
    expect(find("login")).toEqual(["user", "thinking", "tool"]);
    expect(find("COOKIE")).toEqual(["thinking", "tool", "assistant"]);
    expect(find("terminal")).toEqual(["tool"]);
    expect(find("assertionerror")).toEqual(["tool"]);
    expect(find("exit_1")).toEqual(["tool"]);
    expect(find("file_write")).toEqual(["permission"]);
    expect(find("secure = true")).toEqual(["permission"]);
    expect(find("rate_limited")).toEqual(["error"]);
    expect(find("slow down")).toEqual(["error"]);
    expect(find("docs-mcp")).toEqual(["tool"]);
    expect(find("deep value")).toEqual(["tool"]);
    expect(find("claude-sonnet")).toEqual(["init"]);
  });

  it("matches input text both as JSON and unescaped (quotes, keys)", () => {
    expect(find('--grep "login"')).toEqual(["tool"]);
    expect(find('\\"login\\"')).toEqual(["tool"]);
    expect(find('"command":')).toEqual(["tool"]);
  });

  it("finds nothing for an empty or blank query, and trims the query", () => {
    expect(findRows(rows, "")).toEqual([]);
    expect(findRows(rows, "   ")).toEqual([]);
    expect(normalizeQuery("  Login ")).toBe("login");
    expect(find("  slow down  ")).toEqual(["error"]);
    expect(find("no such words anywhere")).toEqual([]);
  });

  it("searches the viewer's own pending prompts too", () => {
    const pending: DisplayRow = {
      kind: "pending",
      key: "pending:p1",
      ts: 1,
      prompt: { promptId: "p1", text: "Also check Safari", user: { name: "Bo" }, sentAt: 1, position: null, accepted: false, state: "sending" },
    };
    expect(findRows([...rows, pending], "safari")).toEqual([rows.length]);
  });

  it("builds a row's text once per row object, and again when the row changes", () => {
    const first = view(log.slice(0, 4));
    const tool = first.rows[3];
    if (!tool) throw new Error("no tool row");
    expect(rowSearchText(tool)).not.toContain("assertionerror");
    expect(rowSearchText(tool)).toBe(rowSearchText(tool));
    const paired = view([log[4]], first).rows[3];
    if (!paired) throw new Error("no tool row");
    expect(paired).not.toBe(tool);
    expect(rowSearchText(paired)).toContain("assertionerror");
  });

  it("keeps a huge output's text to MAX_ROW_TEXT characters", () => {
    const big = view([ev(1, "assistant_message", { text: `${"a".repeat(MAX_ROW_TEXT + 50)}needle` })]).rows[0];
    if (!big) throw new Error("no row");
    expect(rowSearchText(big).length).toBe(MAX_ROW_TEXT);
    expect(findRows([big], "needle")).toEqual([]);
  });

  it("searches 10,000 rows quickly once their text is built", () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      ev(i + 1, "assistant_message", { text: `Step ${i}: ${i % 1000 === 0 ? "rare word" : "common text"}` }),
    );
    const big = view(many).rows;
    expect(findRows(big, "rare word")).toHaveLength(10);
    const started = performance.now();
    for (let i = 0; i < 10; i += 1) findRows(big, `step ${i}`);
    expect((performance.now() - started) / 10).toBeLessThan(50);
  });
});
