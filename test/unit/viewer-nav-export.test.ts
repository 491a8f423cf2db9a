// Downloads (spa/src/lib/nav/markdown-export.ts, jsonl-export.ts): the Markdown transcript built from
// the view model, and the JSONL read of the stored events (pages followed to the end, cut at a
// snapshot's bound, session and stream shares), with file names.
import { describe, expect, it } from "vitest";
import { decodeItem, type Incoming } from "../../spa/src/lib/events";
import { exportFileName, exportPageUrl, type ExportShare, readAllEvents, toJsonl } from "../../spa/src/lib/nav/jsonl-export";
import { cutLines, MAX_OUTPUT_LINES, sessionMarkdown } from "../../spa/src/lib/nav/markdown-export";
import { applyItems, emptyView } from "../../spa/src/lib/rows";
import { syntheticOffset } from "../../spa/src/lib/stream-share";

const off = (n: number): string => `${"0".repeat(16)}_${String(n).padStart(16, "0")}`;
const START = Date.UTC(2025, 0, 2, 9, 30);
const ev = (n: number, type: string, fields: Record<string, unknown> = {}) => ({ v: 1, type, ts: START + n * 1_000, offset: off(n), ...fields });
const viewOf = (raw: readonly unknown[]) =>
  applyItems(
    emptyView(),
    raw.map(decodeItem).filter((item): item is Incoming => item !== null),
  );

const longOutput = Array.from({ length: 450 }, (_, i) => `line ${i + 1}`).join("\n");
const log = [
  ev(1, "session_init", { sessionId: "ses_42", agent: "Claude Code", model: "claude-sonnet", cwd: "/repo", runtime: "external" }),
  ev(2, "user_message", { text: "Fix the login test", user: { name: "Ana" } }),
  ev(3, "thinking", { summary: "Looking at the auth module", text: "secret reasoning" }),
  ev(4, "assistant_message", { text: "Let me run the tests.\n\n- first\n- second" }),
  ev(5, "tool_call", { callId: "c1", tool: "terminal", input: { command: "npm test" } }),
  ev(6, "tool_result", { callId: "c1", output: longOutput, isError: false, exitCode: 0 }),
  ev(7, "tool_call", { callId: "c2", tool: "file_read", input: { path: "README.md" } }),
  ev(8, "tool_result", { callId: "c2", output: "```ts\ncode\n```", isError: true, errorCode: "not_found" }),
  ev(9, "permission_request", { requestId: "r1", tool: "file_write", input: { path: "a.ts" } }),
  ev(10, "permission_response", { requestId: "r1", decision: "allow", user: { name: "Bo" } }),
  ev(11, "error", { code: "rate_limited", message: "Slow down" }),
  ev(12, "turn_complete", { success: true, durationMs: 2_500, usage: { inputTokens: 1_200, outputTokens: 340, cachedInputTokens: 0, costUsd: 0.0123 } }),
  ev(13, "user_message", { text: "Now a second prompt\nwith two lines", user: { name: "Ana" } }),
  ev(14, "assistant_message", { text: "Done." }),
  ev(15, "session_end", { reason: "closed" }),
];

describe("markdown export", () => {
  const markdown = sessionMarkdown(viewOf(log));

  it("opens with a title naming the agent and model, and the start time", () => {
    expect(markdown.startsWith("# Claude Code (claude-sonnet)\n\n")).toBe(true);
    expect(markdown).toContain(`- Started: ${new Date(START + 1_000).toISOString()}`);
    expect(markdown).toContain("- Session: ses_42");
  });

  it("writes each prompt as **Name**: text under its turn, and the agent's markdown as it is", () => {
    expect(markdown).toContain("## Turn 1\n\n**Ana**: Fix the login test");
    expect(markdown).toContain("## Turn 2\n\n**Ana**:\n\nNow a second prompt\nwith two lines");
    expect(markdown).toContain("**Claude Code**:\n\nLet me run the tests.\n\n- first\n- second");
    expect(markdown).toContain("Done.");
  });

  it("writes tool calls as a short line with fenced input and output, cutting long output with a note", () => {
    expect(markdown).toContain('**Tool** `terminal`: npm test\n\nInput:\n\n```json\n{\n  "command": "npm test"\n}\n```');
    expect(markdown).toContain("Output, exit code 0:\n\n```\nline 1\n");
    expect(markdown).toContain(`… ${450 - MAX_OUTPUT_LINES} lines cut …`);
    expect(markdown).toContain("line 450\n```");
    expect(markdown).not.toContain("line 200\n");
  });

  it("fences an output that holds a fence with a longer one, and labels errors", () => {
    expect(markdown).toContain("**Tool** `file_read`: README.md (failed)");
    expect(markdown).toContain("Error (not_found):\n\n````\n```ts\ncode\n```\n````");
  });

  it("adds thinking summaries (not the reasoning), permissions, errors, turn usage and the end", () => {
    expect(markdown).toContain("> _Thinking:_ Looking at the auth module");
    expect(markdown).not.toContain("secret reasoning");
    expect(markdown).toContain("**Permission** to use `file_write`: allowed by Bo");
    expect(markdown).toContain("> **Error** (rate_limited): Slow down");
    expect(markdown).toContain("_Turn 1 complete · 2.5 s · 1.2k in · 340 out · $0.0123_");
    expect(markdown).toContain("_Session ended (closed)._");
    expect(markdown.endsWith("\n")).toBe(true);
  });

  it("cuts only outputs longer than the limit, keeping the head and the tail", () => {
    expect(cutLines("a\nb", 4)).toBe("a\nb");
    expect(cutLines("1\n2\n3\n4\n5\n6", 4)).toBe("1\n2\n… 2 lines cut …\n5\n6");
  });
});

/** A fake server: pages of items with the headers the gateway sends. */
function pagedFetch(pages: { items: unknown[]; next: string; upToDate: boolean }[], seen: string[]) {
  let at = 0;
  return (url: string, init?: RequestInit): Promise<Response> => {
    seen.push(`${url} ${new Headers(init?.headers).get("authorization") ?? ""}`);
    const page = pages[at];
    at += 1;
    if (!page) return Promise.resolve(new Response("[]", { status: 500 }));
    const headers: Record<string, string> = { "content-type": "application/json", "stream-next-offset": page.next };
    if (page.upToDate) headers["stream-up-to-date"] = "true";
    return Promise.resolve(new Response(JSON.stringify(page.items), { status: 200, headers }));
  };
}

const sessionShare: ExportShare = { kind: "session", sessionId: "ses 1", streamPath: null, upToOffset: null };

describe("jsonl export", () => {
  it("reads every page with the token, following Stream-Next-Offset until up to date", async () => {
    const seen: string[] = [];
    const items = [ev(1, "session_init"), ev(2, "user_message", { text: "hi" }), ev(3, "assistant_message", { text: "hello" })];
    const fetchFn = pagedFetch(
      [
        { items: items.slice(0, 2), next: off(2), upToDate: false },
        { items: items.slice(2), next: off(3), upToDate: true },
      ],
      seen,
    );
    const result = await readAllEvents(fetchFn, sessionShare, "tok");
    expect(result).toEqual({ ok: true, value: items });
    expect(seen).toEqual([`/v1/sessions/ses%201/events?offset=-1 Bearer tok`, `/v1/sessions/ses%201/events?offset=${encodeURIComponent(off(2))} Bearer tok`]);
    const lines = toJsonl(items).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line): unknown => JSON.parse(line))).toEqual(items);
  });

  it("stops at a snapshot's bound", async () => {
    const items = [ev(1, "session_init"), ev(2, "user_message", { text: "hi" }), ev(3, "assistant_message", { text: "later" })];
    const fetchFn = pagedFetch([{ items, next: off(3), upToDate: true }], []);
    const result = await readAllEvents(fetchFn, { ...sessionShare, upToOffset: off(2) }, "tok");
    expect(result).toEqual({ ok: true, value: items.slice(0, 2) });
  });

  it("reads a stream share's stream, bounding it on the items' synthetic offsets", async () => {
    const seen: string[] = [];
    const items = [
      { type: "user_message", text: "a" },
      { type: "assistant_message", text: "b" },
      { type: "assistant_message", text: "c" },
    ];
    const share: ExportShare = { kind: "stream", sessionId: "s", streamPath: "asp/abc/live", upToOffset: syntheticOffset(off(2), 0) };
    const fetchFn = pagedFetch(
      [
        { items: items.slice(0, 2), next: off(2), upToDate: false },
        { items: items.slice(2), next: off(3), upToDate: true },
      ],
      seen,
    );
    expect(await readAllEvents(fetchFn, share, "tok")).toEqual({ ok: true, value: items });
    expect(seen[0]).toBe("/v1/stream/asp/abc/live?offset=-1 Bearer tok");
    const cut = pagedFetch([{ items, next: off(3), upToDate: true }], []);
    expect(await readAllEvents(cut, { ...share, upToOffset: syntheticOffset("-1", 1) }, "tok")).toEqual({ ok: true, value: items.slice(0, 2) });
  });

  it("fails with the status of a refused read (a 401 lets the caller renew the token), and on a network error", async () => {
    const refused = () => Promise.resolve(new Response("{}", { status: 401, statusText: "Unauthorized" }));
    expect(await readAllEvents(refused, sessionShare, "tok")).toEqual({ ok: false, error: { status: 401, code: "http_401", message: "Unauthorized" } });
    const offline = () => Promise.reject(new TypeError("offline"));
    expect(await readAllEvents(offline, sessionShare, "tok")).toMatchObject({ ok: false, error: { status: 0, code: "network" } });
  });

  it("stops when the server makes no progress instead of looping", async () => {
    const stuck = pagedFetch([{ items: [ev(1, "session_init")], next: "-1", upToDate: false }], []);
    expect(await readAllEvents(stuck, sessionShare, "tok")).toEqual({ ok: true, value: [ev(1, "session_init")] });
  });

  it("names files session-<id>.<ext>, with unsafe characters replaced", () => {
    expect(exportFileName("ses_42", "jsonl")).toBe("session-ses_42.jsonl");
    expect(exportFileName("../a b/c", "md")).toBe("session-a_b_c.md");
    expect(exportFileName("", "md")).toBe("session-export.md");
    expect(exportPageUrl({ kind: "stream", sessionId: "s", streamPath: "a/b c", upToOffset: null }, "-1")).toBe("/v1/stream/a/b%20c?offset=-1");
  });
});
