// Tool inputs read per agent shape and the row summaries built from them (spa/src/lib/tools/names.ts, input.ts, summary.ts).
import { describe, expect, it } from "vitest";
import { commandText, readToolInput } from "../../spa/src/lib/tools/input";
import { canonicalTool } from "../../spa/src/lib/tools/names";
import { patchPaths, toolSummary } from "../../spa/src/lib/tools/summary";

const PATCH = "*** Begin Patch\n*** Update File: src/app.ts\n@@\n-a\n+b\n*** End Patch";

describe("canonicalTool", () => {
  it("keeps canonical names and maps the original agents' names", () => {
    expect(canonicalTool("terminal")).toBe("terminal");
    expect(canonicalTool("Bash")).toBe("terminal");
    expect(canonicalTool("exec_command")).toBe("terminal");
    expect(canonicalTool("MultiEdit")).toBe("file_edit");
    expect(canonicalTool("read_file")).toBe("file_read");
    expect(canonicalTool("my_tool", "Grep")).toBe("content_search");
    expect(canonicalTool("my_tool")).toBeNull();
    expect(canonicalTool("constructor")).toBeNull();
  });
});

describe("readToolInput", () => {
  it("terminal: Claude's Bash, Codex's exec_command (string or argv) and {command: [...]}, a gateway's {command}", () => {
    expect(readToolInput({ tool: "terminal", originalTool: "Bash", input: { command: "npm test", description: "Run the tests", timeout: 120000 } })).toEqual({
      kind: "terminal",
      command: "npm test",
      description: "Run the tests",
      timeoutMs: 120000,
    });
    expect(readToolInput({ tool: "terminal", input: { cmd: ["bash", "-lc", "cargo test --all"], workdir: "/repo" } })).toEqual({
      kind: "terminal",
      command: "cargo test --all",
      workdir: "/repo",
    });
    expect(readToolInput({ tool: "terminal", input: { command: ["git", "commit", "-m", "it's done"] } })).toEqual({
      kind: "terminal",
      command: "git commit -m 'it'\\''s done'",
    });
    expect(readToolInput({ tool: "terminal", input: "ls -la" })).toEqual({ kind: "terminal", command: "ls -la" });
    expect(readToolInput({ tool: "terminal", input: { other: 1 } })).toBeNull();
  });

  it("file_read: Claude's Read with a range, a gateway's {path}, Codex's command", () => {
    expect(readToolInput({ tool: "file_read", input: { file_path: "/src/a.ts", offset: 10, limit: 20 } })).toEqual({
      kind: "file_read",
      path: "/src/a.ts",
      offset: 10,
      limit: 20,
    });
    expect(readToolInput({ tool: "read_file", input: { path: "b.ts" } })).toEqual({ kind: "file_read", path: "b.ts" });
    expect(readToolInput({ tool: "file_read", originalTool: "exec_command", input: { cmd: "sed -n 1,40p a.ts" } })).toEqual({
      kind: "file_read",
      command: "sed -n 1,40p a.ts",
    });
  });

  it("file_edit: Edit, MultiEdit, {path, oldText/newText}, and patch texts (apply_patch's input/raw/patch, a unified diff, a bare string)", () => {
    expect(readToolInput({ tool: "file_edit", input: { file_path: "a.ts", old_string: "x", new_string: "", replace_all: true } })).toEqual({
      kind: "file_edit",
      path: "a.ts",
      edits: [{ oldText: "x", newText: "", replaceAll: true }],
    });
    expect(
      readToolInput({
        tool: "file_edit",
        originalTool: "MultiEdit",
        input: {
          file_path: "a.ts",
          edits: [
            { old_string: "a", new_string: "b" },
            { old_string: "c", new_string: "d" },
          ],
        },
      }),
    ).toEqual({
      kind: "file_edit",
      path: "a.ts",
      edits: [
        { oldText: "a", newText: "b" },
        { oldText: "c", newText: "d" },
      ],
    });
    expect(readToolInput({ tool: "file_edit", input: { path: "a.ts", oldText: "1", newText: "2" } })).toEqual({
      kind: "file_edit",
      path: "a.ts",
      edits: [{ oldText: "1", newText: "2" }],
    });
    for (const input of [{ input: PATCH }, { raw: PATCH }, { patch: PATCH }, PATCH]) {
      expect(readToolInput({ tool: "file_edit", originalTool: "apply_patch", input })).toEqual({ kind: "file_patch", patch: PATCH });
    }
    expect(readToolInput({ tool: "file_edit", input: { path: "n.md", diff: "@@ -1 +1 @@\n-a\n+b" } })).toEqual({
      kind: "file_patch",
      path: "n.md",
      patch: "@@ -1 +1 @@\n-a\n+b",
    });
    expect(readToolInput({ tool: "file_edit", input: { path: "a.ts", edits: [{ nope: 1 }] } })).toBeNull();
  });

  it("file_write: Claude's Write, a gateway's {path, content}, Codex's Add File patch", () => {
    expect(readToolInput({ tool: "file_write", input: { file_path: "a.py", content: "print(1)\n" } })).toEqual({
      kind: "file_write",
      path: "a.py",
      content: "print(1)\n",
    });
    expect(readToolInput({ tool: "file_write", input: { path: "empty.txt", content: "" } })).toEqual({ kind: "file_write", path: "empty.txt", content: "" });
    const add = "*** Begin Patch\n*** Add File: n.ts\n+x\n*** End Patch";
    expect(readToolInput({ tool: "file_write", input: { input: add } })).toEqual({ kind: "file_patch", patch: add });
    expect(readToolInput({ tool: "file_write", input: { path: "a.ts" } })).toBeNull();
  });

  it("searches: Glob and Grep fields, Codex's commands", () => {
    expect(readToolInput({ tool: "file_search", input: { pattern: "**/*.ts", path: "src" } })).toEqual({
      kind: "file_search",
      pattern: "**/*.ts",
      path: "src",
    });
    expect(readToolInput({ tool: "content_search", input: { pattern: "TODO", glob: "*.ts", output_mode: "content", "-n": true } })).toEqual({
      kind: "content_search",
      pattern: "TODO",
      glob: "*.ts",
    });
    expect(readToolInput({ tool: "content_search", input: { cmd: ["rg", "-n", "TODO"] } })).toEqual({ kind: "content_search", command: "rg -n TODO" });
  });

  it("web: a query, Codex's search and open_page actions, a URL; sub_agent: Task's fields", () => {
    expect(readToolInput({ tool: "web_search", input: { query: "vite lazy" } })).toEqual({ kind: "web_search", query: "vite lazy" });
    expect(readToolInput({ tool: "web_search", input: { action: { type: "search", query: "react 19" } } })).toEqual({ kind: "web_search", query: "react 19" });
    expect(readToolInput({ tool: "web_search", input: { action: { type: "open_page", url: "https://a.test" } } })).toEqual({
      kind: "web_fetch",
      url: "https://a.test",
    });
    expect(readToolInput({ tool: "WebFetch", input: { url: "https://b.test", prompt: "Summarize" } })).toEqual({
      kind: "web_fetch",
      url: "https://b.test",
      prompt: "Summarize",
    });
    expect(
      readToolInput({ tool: "sub_agent", originalTool: "Task", input: { description: "Find uses", prompt: "Look for...", subagent_type: "Explore" } }),
    ).toEqual({
      kind: "sub_agent",
      description: "Find uses",
      agentType: "Explore",
      prompt: "Look for...",
    });
  });

  it("MCP tools and unknown tools have no canonical input", () => {
    expect(readToolInput({ tool: "fetch", server: "web", input: { url: "https://a.test" } })).toBeNull();
    expect(readToolInput({ tool: "deploy", input: { target: "prod" } })).toBeNull();
  });
});

describe("commandText", () => {
  it("quotes argv parts that need it and reads a shell's -c script", () => {
    expect(commandText(["echo", "a b", "$HOME"])).toBe("echo 'a b' '$HOME'");
    expect(commandText(["/bin/zsh", "-c", "ls"])).toBe("ls");
    expect(commandText([])).toBeUndefined();
    expect(commandText("  ")).toBeUndefined();
  });
});

describe("toolSummary", () => {
  it("says the command, path (with range), pattern, query or URL", () => {
    expect(toolSummary({ tool: "terminal", input: { cmd: ["bash", "-lc", "npm  test\n--watch"] } })).toBe("npm test --watch");
    expect(toolSummary({ tool: "file_read", input: { file_path: "a.ts", offset: 5, limit: 10 } })).toBe("a.ts:5-14");
    expect(
      toolSummary({
        tool: "file_edit",
        input: {
          file_path: "a.ts",
          edits: [
            { old_string: "a", new_string: "b" },
            { old_string: "c", new_string: "d" },
          ],
        },
      }),
    ).toBe("a.ts (2 edits)");
    expect(toolSummary({ tool: "file_edit", input: { input: PATCH } })).toBe("src/app.ts");
    expect(toolSummary({ tool: "content_search", input: { pattern: "TODO", path: "src" } })).toBe("TODO in src");
    expect(toolSummary({ tool: "web_search", input: { action: { type: "search", query: "q" } } })).toBe("q");
    expect(toolSummary({ tool: "sub_agent", input: { description: "Find uses", prompt: "long" } })).toBe("Find uses");
  });

  it("falls back to the generic field pick for MCP and unknown tools, and caps the length", () => {
    expect(toolSummary({ tool: "query", server: "db", input: { sql: "select 1" } })).toBe("select 1");
    expect(toolSummary({ tool: "deploy", input: { n: 1 } })).toBe('{"n":1}');
    expect(toolSummary({ tool: "terminal", input: { command: "x".repeat(500) } }, 20)).toHaveLength(20);
  });

  it("lists a unified diff's files", () => {
    expect(patchPaths("--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-a\n+b\n--- /dev/null\n+++ b/y.ts\n@@ -0,0 +1 @@\n+c")).toEqual(["x.ts", "y.ts"]);
  });
});
