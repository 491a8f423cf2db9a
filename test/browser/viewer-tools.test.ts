// Tool rows as a person sees them in a real browser: one session with a call of each canonical tool
// (Claude- and Codex-shaped inputs), an MCP tool, an unknown-shaped tool, a long ANSI-coloured
// output and an empty error. Each row is expanded and checked for what it shows, what its copy
// buttons put on the clipboard, its screenshot, and zero axe violations, in light and dark.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, openPage, screenshot, type ViewerPage } from "../helpers/browser";
import { type AgentEvent, appendEvents, createSession, createShare } from "../helpers/e2e-sessions";

const ESC = "\x1b";
/** A test run's log: 180 lines of progress, then the summary a reader wants, in colour. */
const TEST_LOG = [
  ...Array.from({ length: 180 }, (_, i) => `${ESC}[2m[${String(i + 1).padStart(3, "0")}]${ESC}[22m ${ESC}[32m✓${ESC}[39m test case number ${i + 1}`),
  `${ESC}[1m${ESC}[32m PASS ${ESC}[39m${ESC}[22m test/unit/app.test.ts`,
  `${ESC}[31mTests: 1 failed${ESC}[0m, 180 passed, 181 total`,
].join("\n");
const TEST_LOG_PLAIN = TEST_LOG.replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "");

const CODEX_PATCH = [
  "*** Begin Patch",
  "*** Update File: src/server.ts",
  "@@ export function start() {",
  "   const app = createApp();",
  "-  app.listen(8787);",
  "+  app.listen(port);",
  "*** End Patch",
].join("\n");
const UNIFIED_DIFF = "--- a/README.md\n+++ b/README.md\n@@ -10,2 +10,2 @@ ## Setup\n-Run npm ci.\n+Run npm install.\n Then npm start.";
const WRITTEN = 'def greet(name):\n    """Say hello."""\n    return f"Hello, {name}!"\n';
const MCP_INPUT = { sql: "select id, name from users limit 2", params: { limit: 2, active: true } };
const UNKNOWN_INPUT = { target: { env: "preview", region: "eu-west" }, dryRun: true };
const SEARCH_OUTPUT =
  'Web search results for query: "react lazy suspense"\n\nLinks: [{"title":"lazy – React","url":"https://react.dev/reference/react/lazy"},{"title":"Code splitting","url":"https://legacy.reactjs.org/docs/code-splitting.html"},{"title":"Bad","url":"javascript:alert(1)"}]\n\nReact.lazy lets you defer loading a component.';

function call(callId: string, tool: string, input: unknown, extra: Record<string, unknown> = {}): AgentEvent {
  return { type: "tool_call", callId, tool, input, ...extra };
}
function result(callId: string, output: unknown, extra: Record<string, unknown> = {}): AgentEvent {
  return { type: "tool_result", callId, output, isError: false, durationMs: 42, ...extra };
}

const EVENTS: AgentEvent[] = [
  { type: "assistant_message", text: "Let me look around." },
  call("t1", "terminal", { command: "npm test", description: "Run the unit tests" }, { originalTool: "Bash", originalAgent: "claude-code" }),
  result("t1", TEST_LOG, { exitCode: 1, isError: true }),
  call("t2", "terminal", { cmd: ["bash", "-lc", "cargo build --release"], workdir: "/repo" }, { originalTool: "exec_command", originalAgent: "codex" }),
  result("t2", { stdout: "   Compiling app v0.1.0\n    Finished release", stderr: "warning: unused import", exit_code: 0 }),
  call("r1", "file_read", { file_path: "src/config.ts", offset: 40, limit: 3 }, { originalTool: "Read" }),
  result("r1", "    40\texport const port = 8787;\n    41\texport const host = 'localhost';\n    42\t"),
  call(
    "e1",
    "file_edit",
    {
      file_path: "src/config.ts",
      old_string: "export const port = 8787;\nexport const debug = false;",
      new_string: "export const port = 3000;\nexport const debug = false;",
    },
    { originalTool: "Edit" },
  ),
  result("e1", "The file src/config.ts has been updated."),
  call("e2", "file_edit", { input: CODEX_PATCH }, { originalTool: "apply_patch", originalAgent: "codex" }),
  result("e2", "Success. Updated the following files:\nM src/server.ts"),
  call("e3", "file_edit", { path: "README.md", diff: UNIFIED_DIFF }),
  result("e3", "ok"),
  call("w1", "file_write", { file_path: "scripts/greet.py", content: WRITTEN }, { originalTool: "Write" }),
  result("w1", "File created successfully at: scripts/greet.py"),
  call("s1", "file_search", { pattern: "src/**/*.test.ts" }, { originalTool: "Glob" }),
  result("s1", "src/app.test.ts\nsrc/lib/util.test.ts"),
  call("s2", "content_search", { pattern: "FIXME", output_mode: "content", "-n": true }, { originalTool: "Grep" }),
  result("s2", "src/app.ts:12:  // FIXME: handle errors\nsrc/lib/util.ts:3:// FIXME remove"),
  call("ws", "web_search", { query: "react lazy suspense" }, { originalTool: "WebSearch" }),
  result("ws", SEARCH_OUTPUT),
  call("wf", "web_fetch", { url: "https://vite.dev/guide/features", prompt: "How does code splitting work?" }, { originalTool: "WebFetch" }),
  result("wf", "# Features\n\nVite splits dynamic imports into their own chunks."),
  call(
    "sa",
    "sub_agent",
    { description: "Find the config loader", prompt: "Search the repo for where the port is read.", subagent_type: "Explore" },
    { originalTool: "Task" },
  ),
  result("sa", "The port is read in src/config.ts, line 40."),
  call("m1", "query", MCP_INPUT, { server: "postgres" }),
  result("m1", { content: [{ type: "text", text: "id | name\n 1 | Ada\n 2 | Grace" }] }),
  call("u1", "deploy_preview", UNKNOWN_INPUT),
  result("u1", { url: "https://preview.example.com/42", ok: true }),
  call("x1", "terminal", { command: "./flaky.sh" }, { originalTool: "Bash" }),
  result("x1", {}, { isError: true, errorCode: "tool_timeout", durationMs: 30000 }),
  { type: "assistant_message", text: "All done." },
];

let browser: Browser;
let shareCode: string;
beforeAll(async () => {
  browser = await launchBrowser();
  const sessionId = await createSession("external");
  await appendEvents(sessionId, EVENTS);
  shareCode = (await createShare(sessionId, "snapshot")).code;
});
afterAll(async () => {
  await browser?.close();
});

async function viewer(colorScheme: "light" | "dark" = "light", width = 1280): Promise<ViewerPage> {
  const opened = await openPage(browser, { colorScheme, width });
  await opened.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await opened.page.goto(`/s/${shareCode}`);
  await opened.page.getByText("All done.").waitFor();
  return opened;
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);

/** Expands the tool row whose head's summary is exactly `summary` and waits for its renderers; returns the row. */
async function expand(page: Page, summary: string): Promise<Locator> {
  const row = page.locator(".vrow-tool").filter({ has: page.locator(".tool-summary", { hasText: exactly(summary) }) });
  await row.scrollIntoViewIfNeeded();
  const head = row.locator(".tool-head");
  if ((await head.getAttribute("aria-expanded")) !== "true") await head.click();
  await row.locator(".tool-body").waitFor();
  await expect.poll(() => row.locator(".tool-body").innerText()).not.toContain("Loading…");
  // The row's head at the top of the transcript, so its screenshot shows the row from its start.
  await row.evaluate((element) => element.scrollIntoView({ block: "start" }));
  return row;
}

/** Clicks the copy button named `name` in `scope` and returns what landed on the clipboard. */
async function copied(page: Page, scope: Locator, name: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(""));
  const button = scope.getByRole("button", { name, exact: true });
  await button.click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe("");
  return page.evaluate(() => navigator.clipboard.readText());
}

const texts = (locator: Locator) => locator.allInnerTexts();
/** Each row's cells (elements matching `cells` inside it), as their text. */
const cellTexts = (rows: Locator, cells: string) =>
  rows.evaluateAll((elements, selector) => elements.map((row) => [...row.querySelectorAll(selector)].map((cell) => cell.textContent ?? "")), cells);
const UNKNOWN_SUMMARY = JSON.stringify(UNKNOWN_INPUT);

describe("viewer: tool renderers", () => {
  it("terminal: the command as a shell line, exit code, stderr, and a long coloured output previewed by its tail", async () => {
    const { page, problems, close } = await viewer();
    try {
      const claude = await expand(page, "npm test");
      expect(await claude.locator(".cmd-line").innerText()).toBe("$ npm test");
      expect(await claude.locator(".tool-desc").innerText()).toBe("Run the unit tests");
      expect(await claude.locator(".exit-code").innerText()).toBe("exit 1");
      expect(await claude.locator(".exit-code").getAttribute("class")).toContain("is-error");
      // The tail is in view without expanding; the first lines are not.
      const output = claude.locator(".io-lines");
      expect(await output.innerText()).toContain("Tests: 1 failed, 180 passed, 181 total");
      expect(await output.innerText()).not.toContain("test case number 1\n");
      await claude.getByRole("button", { name: /^Show \d+ earlier lines$/ }).waitFor();
      // Colours come from classes (the theme's palette), carried across the preview's first line.
      const failed = output.locator(".ansi-fg-1", { hasText: "Tests: 1 failed" });
      expect(await failed.count()).toBe(1);
      expect(await failed.evaluate((element) => getComputedStyle(element).color)).toBe("rgb(180, 35, 24)");
      expect(await output.locator(".ansi-bold.ansi-fg-2", { hasText: "PASS" }).count()).toBe(1);
      expect(await output.innerText()).not.toContain("[32m");
      expect(await copied(page, claude, "Copy command")).toBe("npm test");
      expect(await copied(page, claude, "Copy output")).toBe(TEST_LOG_PLAIN);
      expect(JSON.parse(await copied(page, claude, "Copy input"))).toEqual({ command: "npm test", description: "Run the unit tests" });
      await screenshot(page, "viewer-tool-terminal");
      expect(await axeViolations(page)).toEqual([]);

      await claude.getByRole("button", { name: /^Show \d+ earlier lines$/ }).click();
      expect(await output.innerText()).toContain("[001] ✓ test case number 1\n");
      await claude.getByRole("button", { name: "Show less" }).waitFor();

      const codex = await expand(page, "cargo build --release");
      expect(await codex.locator(".cmd-line").innerText()).toBe("$ cargo build --release");
      expect(await codex.locator(".tool-details").innerText()).toBe("in /repo");
      expect(await codex.locator(".exit-code").innerText()).toBe("exit 0");
      expect(await codex.getByRole("group", { name: "Stderr" }).innerText()).toContain("warning: unused import");
      expect(await copied(page, codex, "Copy stderr")).toBe("warning: unused import");
      expect(await codex.locator(".tool-origin").innerText()).toBe("exec_command · codex");
      await screenshot(page, "viewer-tool-terminal-codex");
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("files: a read with its line numbers, diffs with numbers and +/- (unified and side by side), a written file highlighted", async () => {
    const { page, problems, close } = await viewer();
    try {
      const read = await expand(page, "src/config.ts:40-42");
      expect(await read.locator(".tpath").innerText()).toMatch(/src\/config\.ts\s*lines 40–42/);
      expect(await texts(read.locator(".nl-no"))).toEqual(["40", "41", "42"]);
      expect(await read.locator(".nl-text").first().innerText()).toBe("export const port = 8787;");
      expect(await copied(page, read, "Copy output")).toBe("export const port = 8787;\nexport const host = 'localhost';\n");
      await screenshot(page, "viewer-tool-file-read");
      expect(await axeViolations(page)).toEqual([]);

      const edit = await expand(page, "src/config.ts");
      const rows = edit.locator(".diff-row");
      expect(await cellTexts(rows, ".diff-no, .diff-text")).toEqual([
        ["1", "", "-export const port = 8787;"],
        ["", "1", "+export const port = 3000;"],
        ["2", "2", " export const debug = false;"],
      ]);
      expect(await edit.locator(".diff-row.diff-add .diff-mark").innerText()).toBe("+");
      expect(await copied(page, edit, "Copy diff")).toBe("-export const port = 8787;\n+export const port = 3000;\n export const debug = false;");
      await screenshot(page, "viewer-tool-file-edit");
      expect(await axeViolations(page)).toEqual([]);
      await edit.getByRole("button", { name: "Side by side" }).click();
      expect(await cellTexts(edit.locator(".diff-split-row"), ".diff-no, .diff-text")).toEqual([
        ["1", "-export const port = 8787;", "1", "+export const port = 3000;"],
        ["2", " export const debug = false;", "2", " export const debug = false;"],
      ]);
      await screenshot(page, "viewer-tool-file-edit-split");
      expect(await axeViolations(page)).toEqual([]);

      const patch = await expand(page, "src/server.ts");
      expect(await patch.locator(".tpath").innerText()).toBe("src/server.ts");
      expect(await patch.locator(".diff-sep").innerText()).toBe("@@ export function start() {");
      expect(await texts(patch.locator(".diff-row .diff-text"))).toEqual(["   const app = createApp();", "-  app.listen(8787);", "+  app.listen(port);"]);
      expect(await copied(page, patch, "Copy diff")).toBe(
        "@@ export function start() {\n   const app = createApp();\n-  app.listen(8787);\n+  app.listen(port);",
      );
      await screenshot(page, "viewer-tool-file-edit-codex");
      expect(await axeViolations(page)).toEqual([]);

      const unified = await expand(page, "README.md");
      expect(await cellTexts(unified.locator(".diff-row"), ".diff-no, .diff-text")).toEqual([
        ["10", "", "-Run npm ci."],
        ["", "10", "+Run npm install."],
        ["11", "11", " Then npm start."],
      ]);
      expect(await unified.locator(".diff-sep").innerText()).toBe("@@ -10,2 +10,2 @@ ## Setup");

      const write = await expand(page, "scripts/greet.py");
      expect(await write.locator(".io-label", { hasText: "Content" }).innerText()).toMatch(/content · python/i);
      expect(await texts(write.locator(".nl-no"))).toEqual(["1", "2", "3"]);
      await write.locator(".nl-text .hljs-keyword", { hasText: "def" }).waitFor();
      expect(await write.locator(".nl-text").nth(2).innerText()).toBe('    return f"Hello, {name}!"');
      expect(await copied(page, write, "Copy file content")).toBe(WRITTEN);
      await screenshot(page, "viewer-tool-file-write");
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("searches and the web: found paths, matches by file with line numbers, result links, a fetched page", async () => {
    const { page, problems, close } = await viewer();
    try {
      const glob = await expand(page, "src/**/*.test.ts");
      expect(await glob.locator(".search-pattern").innerText()).toBe("src/**/*.test.ts");
      expect(await texts(glob.locator(".path-list li"))).toEqual(["src/app.test.ts", "src/lib/util.test.ts"]);
      expect(await glob.locator(".io-label").last().innerText()).toMatch(/2 files/i);
      await screenshot(page, "viewer-tool-file-search");
      expect(await axeViolations(page)).toEqual([]);

      const grep = await expand(page, "FIXME");
      expect(await texts(grep.locator(".match-path"))).toEqual(["src/app.ts", "src/lib/util.ts"]);
      expect(await cellTexts(grep.locator(".match-row"), ".nl-no, .nl-text")).toEqual([
        ["12", "  // FIXME: handle errors"],
        ["3", "// FIXME remove"],
      ]);
      expect(await copied(page, grep, "Copy output")).toBe("src/app.ts:12:  // FIXME: handle errors\nsrc/lib/util.ts:3:// FIXME remove");
      await screenshot(page, "viewer-tool-content-search");
      expect(await axeViolations(page)).toEqual([]);

      const search = await expand(page, "react lazy suspense");
      const links = search.locator(".web-results a");
      expect(await texts(links)).toEqual(["lazy – React", "Code splitting"]);
      expect(await links.first().getAttribute("href")).toBe("https://react.dev/reference/react/lazy");
      expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
      expect(await links.first().getAttribute("target")).toBe("_blank");
      expect(await search.locator(".web-results").innerText()).not.toContain("javascript:");
      await screenshot(page, "viewer-tool-web-search");
      expect(await axeViolations(page)).toEqual([]);

      const fetch = await expand(page, "https://vite.dev/guide/features");
      const link = fetch.getByRole("link", { name: "https://vite.dev/guide/features" });
      expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
      expect(await fetch.locator(".tool-desc").innerText()).toBe("How does code splitting work?");
      expect(await fetch.locator("pre.io-pre").innerText()).toContain("# Features");
      await screenshot(page, "viewer-tool-web-fetch");
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a sub-agent's task, an MCP tool's arguments and content, an unknown tool as JSON, an empty error said plainly", async () => {
    const { page, problems, close } = await viewer();
    try {
      const task = await expand(page, "Find the config loader");
      expect(await task.locator(".tool-desc").innerText()).toMatch(/Find the config loader\s*Explore/);
      expect(await task.getByRole("group", { name: "Prompt" }).innerText()).toContain("Search the repo for where the port is read.");
      expect(await copied(page, task, "Copy prompt")).toBe("Search the repo for where the port is read.");
      await screenshot(page, "viewer-tool-sub-agent");
      expect(await axeViolations(page)).toEqual([]);

      const mcp = await expand(page, "select id, name from users limit 2");
      expect(await mcp.locator(".tool-name").innerText()).toBe("postgres/query");
      expect(await texts(mcp.locator(".kv dt"))).toEqual(["sql", "params"]);
      expect(await mcp.locator(".kv-text").innerText()).toBe(MCP_INPUT.sql);
      expect(JSON.parse(await mcp.locator(".kv-json").innerText())).toEqual(MCP_INPUT.params);
      expect(await copied(page, mcp, "Copy output")).toBe("id | name\n 1 | Ada\n 2 | Grace");
      expect(JSON.parse(await copied(page, mcp, "Copy input"))).toEqual(MCP_INPUT);
      await screenshot(page, "viewer-tool-mcp");
      expect(await axeViolations(page)).toEqual([]);

      const unknown = await expand(page, UNKNOWN_SUMMARY);
      expect(JSON.parse(await unknown.getByRole("group", { name: "Input" }).locator("pre").innerText())).toEqual(UNKNOWN_INPUT);
      expect(JSON.parse(await unknown.getByRole("group", { name: "Output" }).locator("pre").innerText())).toEqual({
        url: "https://preview.example.com/42",
        ok: true,
      });
      await screenshot(page, "viewer-tool-unknown");
      expect(await axeViolations(page)).toEqual([]);

      const failed = await expand(page, "./flaky.sh");
      expect(await failed.locator(".tool-fail-text").innerText()).toBe("The tool failed without a message (error code tool_timeout).");
      expect(await failed.locator(".tool-body").innerText()).not.toContain("{}");
      await screenshot(page, "viewer-tool-empty-error");
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("in the dark and on a phone, every renderer expanded has no accessibility violations", async () => {
    for (const [scheme, width] of [
      ["dark", 1280],
      ["light", 360],
    ] as const) {
      const { page, problems, close } = await viewer(scheme, width);
      try {
        for (const summary of ["npm test", "cargo build --release", "src/config.ts:40-42", "src/config.ts", "src/server.ts", "README.md", "scripts/greet.py"]) {
          await expand(page, summary);
          expect(await axeViolations(page), `${scheme} ${width}px: ${summary}`).toEqual([]);
        }
        await page.locator(".nl-text .hljs-keyword").first().waitFor();
        await screenshot(page, `viewer-tool-file-write-${scheme}-${width}`);
        for (const summary of [
          "src/**/*.test.ts",
          "FIXME",
          "react lazy suspense",
          "https://vite.dev/guide/features",
          "Find the config loader",
          MCP_INPUT.sql,
          UNKNOWN_SUMMARY,
          "./flaky.sh",
        ]) {
          await expand(page, summary);
          expect(await axeViolations(page), `${scheme} ${width}px: ${summary}`).toEqual([]);
        }
        await screenshot(page, `viewer-tool-web-${scheme}-${width}`);
        if (width < 700) expect(await page.getByRole("button", { name: "Side by side" }).count()).toBe(0);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    }
  }, 120_000);
});
