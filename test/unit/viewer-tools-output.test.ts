// The viewer's tool output helpers: previews that keep the tail (or head), the hard cap, output
// parts, cat -n numbers, search and web results, highlighted lines and languages (spa/src/lib/tools/).
import { describe, expect, it } from "vitest";
import { highlightedLines } from "../../spa/src/lib/tools/highlight-lines";
import { languageForPath } from "../../spa/src/lib/tools/languages";
import { hasLineNumbers, numberLines, stripLineNumbers } from "../../spa/src/lib/tools/numbered";
import { isEmptyOutput, readOutput } from "../../spa/src/lib/tools/output";
import { contentMatches, resultLines, webResults } from "../../spa/src/lib/tools/results";
import { capText, textWindow } from "../../spa/src/lib/tools/window";

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");
const visible = (window: { lines: string[]; from: number; to: number }) => window.lines.slice(window.from, window.to);

describe("textWindow", () => {
  const limits = { previewLines: 5, previewChars: 1_000, maxChars: 10_000 };

  it("previews the last lines of a long text by default, and says how many come before", () => {
    const window = textWindow(`${numbered(100)}\n`, "tail", false, limits);
    expect(visible(window)).toEqual(["line 96", "line 97", "line 98", "line 99", "line 100"]);
    expect(window).toMatchObject({ hiddenLines: 95, droppedChars: 0, truncated: true });
  });

  it("previews the first lines when the head matters (files)", () => {
    const window = textWindow(numbered(100), "head", false, limits);
    expect(visible(window)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(window.hiddenLines).toBe(95);
  });

  it("shows a short text whole, untruncated", () => {
    const window = textWindow("a\nb", "tail", false, limits);
    expect(visible(window)).toEqual(["a", "b"]);
    expect(window.truncated).toBe(false);
  });

  it("keeps the preview within its characters, cutting a huge last line to its end", () => {
    const window = textWindow(`first\n${"x".repeat(5_000)}END`, "tail", false, limits);
    expect(visible(window)).toHaveLength(1);
    expect(visible(window)[0]).toMatch(/^…x+END$/);
    expect(visible(window)[0]?.length).toBeLessThanOrEqual(1_001);
    expect(window.truncated).toBe(true);
  });

  it("expanded, renders everything up to the cap, from the kept end, starting at a whole line", () => {
    const text = numbered(5_000);
    const window = textWindow(text, "tail", true, limits);
    expect(window.droppedChars).toBeGreaterThan(text.length - 10_000);
    expect(visible(window).at(-1)).toBe("line 5000");
    expect(visible(window)[0]).toMatch(/^line \d+$/);
    expect(window.lines.join("\n").length).toBeLessThanOrEqual(10_000);
    expect(textWindow(text, "head", true, limits).lines[0]).toBe("line 1");
  });

  it("caps from either end", () => {
    expect(capText("aaaa\nbbbb", 4, "tail")).toEqual({ text: "bbbb", droppedChars: 5 });
    expect(capText("aaaa\nbbbb", 4, "head")).toEqual({ text: "aaaa", droppedChars: 5 });
    expect(capText("short", 10, "tail")).toEqual({ text: "short", droppedChars: 0 });
  });
});

describe("readOutput", () => {
  it("reads strings, MCP content blocks, shell results and anything else as JSON", () => {
    expect(readOutput("hi")).toMatchObject({ text: "hi", blocks: null, isJson: false });
    const mcp = readOutput({
      content: [
        { type: "text", text: "a" },
        { type: "image", data: "AAAA", mimeType: "image/png" },
      ],
    });
    expect(mcp.text).toBe("a");
    expect(mcp.blocks?.map((block) => block.type)).toEqual(["text", "image"]);
    expect(readOutput({ stdout: "out", stderr: "err", exit_code: 2 })).toMatchObject({ text: "out", stderr: "err", exitCode: 2 });
    expect(readOutput({ output: "x", metadata: { exit_code: 0 } })).toMatchObject({ text: "x", exitCode: 0 });
    expect(readOutput({ rows: 3 })).toMatchObject({ text: '{\n  "rows": 3\n}', isJson: true });
    expect(readOutput(null).text).toBe("");
  });

  it("knows an empty output when it sees one", () => {
    for (const empty of ["", "  \n", null, undefined, {}, [], { content: [] }]) expect(isEmptyOutput(empty)).toBe(true);
    for (const full of ["x", { a: 1 }, [1], 0]) expect(isEmptyOutput(full)).toBe(false);
  });
});

describe("cat -n line numbers", () => {
  it("turns Claude's Read prefixes (tab or arrow) into numbers", () => {
    const lines = ["    41\tconst a = 1;", "    42→const b = 2;", "    43\t"];
    expect(hasLineNumbers(lines)).toBe(true);
    expect(numberLines(lines, true)).toEqual([
      { no: 41, text: "const a = 1;" },
      { no: 42, text: "const b = 2;" },
      { no: 43, text: "" },
    ]);
    expect(stripLineNumbers(lines.join("\n"))).toBe("const a = 1;\nconst b = 2;\n");
  });

  it("numbers plain text from the given first line, and leaves it alone when copying", () => {
    expect(hasLineNumbers(["no numbers", "here"])).toBe(false);
    expect(numberLines(["a", "b"], false, 10)).toEqual([
      { no: 10, text: "a" },
      { no: 11, text: "b" },
    ]);
    expect(stripLineNumbers("12 monkeys\nplain")).toBe("12 monkeys\nplain");
  });
});

describe("search results", () => {
  it("lists paths without summary lines", () => {
    expect(resultLines("Found 2 files\nsrc/a.ts\nsrc/b.ts\n")).toEqual(["src/a.ts", "src/b.ts"]);
  });

  it("groups path:line:text matches by file, with ripgrep's context lines", () => {
    expect(contentMatches("src/a.ts:3:// TODO one\nsrc/a.ts-4-next\nsrc/b.ts:10:TODO: two\n--\nC:\\x.ts:1:win")).toEqual([
      {
        path: "src/a.ts",
        matches: [
          { line: 3, text: "// TODO one", context: false },
          { line: 4, text: "next", context: true },
        ],
      },
      { path: "src/b.ts", matches: [{ line: 10, text: "TODO: two", context: false }] },
      { path: "C:\\x.ts", matches: [{ line: 1, text: "win", context: false }] },
    ]);
    expect(contentMatches("src/a.ts\nsrc/b.ts")).toBeNull();
  });

  it("finds web results in structured output, Claude's Links line, markdown links or bare URLs; http(s) only", () => {
    expect(
      webResults(
        [
          { title: "A", url: "https://a.test/", snippet: "s" },
          { title: "bad", url: "javascript:alert(1)" },
        ],
        "",
      ),
    ).toEqual([{ title: "A", url: "https://a.test/", snippet: "s" }]);
    const claude = 'Web search results for query: "x"\n\nLinks: [{"title":"Vite","url":"https://vite.dev/guide"}]\n\nSummary.';
    expect(webResults(claude, claude)).toEqual([{ title: "Vite", url: "https://vite.dev/guide" }]);
    expect(webResults("see [Docs](https://d.test/x) and [Bad](ftp://f.test)", "see [Docs](https://d.test/x) and [Bad](ftp://f.test)")).toEqual([
      { title: "Docs", url: "https://d.test/x" },
    ]);
    expect(webResults("", "go to https://e.test/p, or https://e.test/p")).toEqual([{ title: "https://e.test/p", url: "https://e.test/p" }]);
  });
});

describe("highlightedLines", () => {
  it("splits highlighted HTML into lines, reopening spans that cross a line break, and unescapes text", () => {
    const lines = highlightedLines('<span class="hljs-comment">/* a\nb */</span> x &lt; y &amp;&amp; z\nend');
    expect(lines).toEqual([[{ className: "hljs-comment", children: ["/* a"] }], [{ className: "hljs-comment", children: ["b */"] }, " x < y && z"], ["end"]]);
  });

  it("refuses HTML other than class spans", () => {
    expect(highlightedLines('<img src=x onerror="alert(1)">')).toBeNull();
    expect(highlightedLines("</span>")).toBeNull();
  });
});

describe("languageForPath", () => {
  it("maps extensions and names to the highlighter's languages", () => {
    expect(languageForPath("src/app.tsx")).toBe("typescript");
    expect(languageForPath("/x/main.py")).toBe("python");
    expect(languageForPath("Dockerfile")).toBe("dockerfile");
    expect(languageForPath("config.toml")).toBe("ini");
    expect(languageForPath("README")).toBeNull();
    expect(languageForPath("archive.xyz")).toBeNull();
  });
});
