// Display helpers (spa/src/lib/format.ts) and the share code in the path (spa/src/lib/api.ts).
import { describe, expect, it } from "vitest";
import { shareCodeFromPath, submitPrompt } from "../../spa/src/lib/api";
import { formatAgo, formatCost, formatDuration, formatTokens, outputText, summarizeInput, truncateText } from "../../spa/src/lib/format";

describe("summarizeInput", () => {
  it("picks the telling field for canonical tools", () => {
    expect(summarizeInput("terminal", { command: "npm   test\n--watch" })).toBe("npm test --watch");
    expect(summarizeInput("file_read", { path: "src/app.ts", limit: 10 })).toBe("src/app.ts");
    expect(summarizeInput("web_fetch", { url: "https://a.example" })).toBe("https://a.example");
    expect(summarizeInput("terminal", { command: ["git", "status"] })).toBe("git status");
  });

  it("falls back to a string field, then compact JSON, and caps the length", () => {
    expect(summarizeInput("custom", { flag: true, note: "hello" })).toBe("hello");
    expect(summarizeInput("custom", { n: 1 })).toBe('{"n":1}');
    expect(summarizeInput("custom", {})).toBe("");
    expect(summarizeInput("terminal", { command: "x".repeat(500) }, 20)).toHaveLength(20);
  });
});

describe("outputText", () => {
  it("reads strings, MCP content arrays and anything else as JSON", () => {
    expect(outputText("plain")).toBe("plain");
    expect(
      outputText({
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      }),
    ).toBe("a\nb");
    expect(outputText({ exitCode: 0 })).toBe('{\n  "exitCode": 0\n}');
    expect(outputText(null)).toBe("");
  });
});

describe("truncateText", () => {
  it("cuts by lines and by characters and counts the hidden lines", () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}`).join("\n");
    expect(truncateText(text, 3, 1000)).toEqual({ text: "line 0\nline 1\nline 2", truncated: true, hiddenLines: 7 });
    expect(truncateText("x".repeat(50), 10, 20)).toMatchObject({ text: "x".repeat(20), truncated: true });
    expect(truncateText("short", 3, 100)).toEqual({ text: "short", truncated: false, hiddenLines: 0 });
  });
});

describe("number formatting", () => {
  it("formats tokens, cost, durations and ages", () => {
    expect([formatTokens(950), formatTokens(1234), formatTokens(45_600), formatTokens(2_500_000)]).toEqual(["950", "1.2k", "46k", "2.5M"]);
    expect([formatCost(0), formatCost(0.00001), formatCost(0.0123), formatCost(3.456)]).toEqual(["$0", "<$0.0001", "$0.0123", "$3.46"]);
    expect([formatDuration(850), formatDuration(12_340), formatDuration(125_000)]).toEqual(["850 ms", "12.3 s", "2 min 05 s"]);
    const now = 10_000_000;
    expect([formatAgo(now - 10_000, now), formatAgo(now - 300_000, now), formatAgo(now - 7_200_000, now)]).toEqual(["just now", "5 min ago", "2 h ago"]);
  });
});

describe("shareCodeFromPath", () => {
  it("reads /s/<code> and nothing else", () => {
    expect(shareCodeFromPath("/s/Ab3xYz9QkP")).toBe("Ab3xYz9QkP");
    expect(shareCodeFromPath("/s/Ab3xYz9QkP/")).toBe("Ab3xYz9QkP");
    expect(shareCodeFromPath("/s/")).toBeNull();
    expect(shareCodeFromPath("/x/abc")).toBeNull();
    expect(shareCodeFromPath("/s/a/b")).toBeNull();
  });
});

describe("submitPrompt", () => {
  it("checks the body against the server's PromptSubmit schema before sending", async () => {
    let calls = 0;
    const fetchFn = async () => {
      calls += 1;
      return new Response(JSON.stringify({ promptId: "p1", status: "queued", position: 0 }), { status: 202 });
    };
    const bad = await submitPrompt(fetchFn, "ses", "tok", { text: "", promptId: "p1", user: { name: "Ana" } });
    expect(bad.ok).toBe(false);
    expect(calls).toBe(0);
    const good = await submitPrompt(fetchFn, "ses", "tok", { text: "hi", promptId: crypto.randomUUID(), user: { name: "Ana" } });
    expect(good).toEqual({ ok: true, value: { promptId: "p1", status: "queued", position: 0 } });
    expect(calls).toBe(1);
  });
});
