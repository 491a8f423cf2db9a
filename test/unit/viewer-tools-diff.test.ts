// Line diffs and patch parsing for the viewer's file_edit renderer (spa/src/lib/tools/diff.ts, patch.ts).
import { describe, expect, it } from "vitest";
import { diffLines, diffText, foldContext, splitLines, splitRows } from "../../spa/src/lib/tools/diff";
import { addedContent, parsePatch } from "../../spa/src/lib/tools/patch";

const marks = (lines: readonly { kind: string; text: string; oldNo?: number | null; newNo?: number | null }[]) =>
  lines.map(
    (line) =>
      `${line.kind === "add" ? "+" : line.kind === "del" ? "-" : line.kind === "context" ? " " : "~"}${line.oldNo ?? "."}:${line.newNo ?? "."} ${line.text}`,
  );

describe("diffLines", () => {
  it("numbers old and new lines, with removed lines before the added ones that replace them", () => {
    const lines = diffLines("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
    expect(lines && marks(lines)).toEqual([" 1:1 a", "-2:. b", "+.:2 B", " 3:3 c", " 4:4 d", "+.:5 e"]);
  });

  it("finds the common lines between changes (not just the common head and tail)", () => {
    const lines = diffLines("x\none\nkeep\ntwo\ny", "x\n1\nkeep\n2\ny");
    expect(lines && marks(lines)).toEqual([" 1:1 x", "-2:. one", "+.:2 1", " 3:3 keep", "-4:. two", "+.:4 2", " 5:5 y"]);
  });

  it("treats an empty side as all added or all removed", () => {
    expect(diffLines("", "new\nfile")?.map((line) => line.kind)).toEqual(["add", "add"]);
    expect(diffLines("gone", "")?.map((line) => line.kind)).toEqual(["del"]);
    expect(diffLines("same", "same")?.map((line) => line.kind)).toEqual(["context"]);
  });

  it("gives up (null) when the changed parts are too large to compare, but not for a small change in a large text", () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join("\n");
    expect(diffLines(many("a", 3_000), many("b", 3_000))).toBeNull();
    const started = Date.now();
    const big = many("line ", 50_000);
    const lines = diffLines(big, big.replace("line 25000\n", "changed\n"));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines?.filter((line) => line.kind !== "context").map((line) => `${line.kind} ${line.text}`)).toEqual(["del line 25000", "add changed"]);
    expect(diffLines("a\nb", "c\nd", 3)).toBeNull();
  });

  it("splits CRLF text and ignores one final newline", () => {
    expect(splitLines("a\r\nb\r\n")).toEqual(["a", "b"]);
    expect(splitLines("")).toEqual([]);
  });

  it("folds long unchanged runs to a few lines of context around each change", () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join("\n");
    const lines = diffLines(old, old.replace("l10", "ten")) ?? [];
    const folded = foldContext(lines, 2);
    expect(folded.map((item) => (item.kind === "gap" ? `gap ${item.count}` : `${item.kind} ${item.text}`))).toEqual([
      "gap 7",
      "context l8",
      "context l9",
      "del l10",
      "add ten",
      "context l11",
      "context l12",
      "gap 8",
    ]);
  });

  it("pairs removed and added lines for the side-by-side view", () => {
    const lines = diffLines("a\nb\nc", "a\nB\nC\nD") ?? [];
    const rows = splitRows(lines).map((row) => (row.kind === "gap" ? "gap" : `${row.left?.text ?? "_"}|${row.right?.text ?? "_"}`));
    expect(rows).toEqual(["a|a", "b|B", "c|C", "_|D"]);
  });

  it("writes unified-diff text for copying", () => {
    expect(diffText(diffLines("a\nb", "a\nc") ?? [])).toBe(" a\n-b\n+c");
  });
});

describe("parsePatch", () => {
  it("reads Codex's apply_patch envelope: updated files without line numbers, added files numbered from 1", () => {
    const files = parsePatch(
      [
        "*** Begin Patch",
        "*** Update File: src/app.ts",
        "@@ function main() {",
        " const a = 1;",
        "-const b = 2;",
        "+const b = 3;",
        "*** Add File: src/new.ts",
        "+export const x = 1;",
        "+export const y = 2;",
        "*** Delete File: old.txt",
        "*** End Patch",
        "",
      ].join("\n"),
    );
    expect(files.map((file) => `${file.op} ${file.path}`)).toEqual(["update src/app.ts", "add src/new.ts", "delete old.txt"]);
    expect(files[0]?.hunks[0]?.header).toBe("@@ function main() {");
    expect(marks(files[0]?.hunks[0]?.lines ?? [])).toEqual([" .:. const a = 1;", "-.:. const b = 2;", "+.:. const b = 3;"]);
    expect(marks(files[1]?.hunks[0]?.lines ?? [])).toEqual(["+.:1 export const x = 1;", "+.:2 export const y = 2;"]);
    expect(files[1] && addedContent(files[1])).toBe("export const x = 1;\nexport const y = 2;");
    expect(files[0] && addedContent(files[0])).toBeNull();
  });

  it("reads a move in the envelope", () => {
    const [file] = parsePatch("*** Begin Patch\n*** Update File: a.ts\n*** Move to: b.ts\n@@\n-x\n+y\n*** End Patch");
    expect(file?.moveTo).toBe("b.ts");
    expect(file?.hunks[0]?.lines.map((line) => line.kind)).toEqual(["del", "add"]);
  });

  it("numbers unified diff hunks from their @@ headers, per file", () => {
    const files = parsePatch(
      [
        "diff --git a/src/a.ts b/src/a.ts",
        "--- a/src/a.ts",
        "+++ b/src/a.ts",
        "@@ -10,3 +10,3 @@ export function a() {",
        " keep",
        "--- removed line that starts with dashes",
        "+added",
        " tail",
        "@@ -40 +40,2 @@",
        " only",
        "+more",
        "\\ No newline at end of file",
        "--- /dev/null",
        "+++ b/src/new.ts",
        "@@ -0,0 +1 @@",
        "+hello",
      ].join("\n"),
    );
    expect(files.map((file) => `${file.op} ${file.path} ${file.hunks.length}`)).toEqual(["update src/a.ts 2", "add src/new.ts 1"]);
    expect(files[0]?.hunks[0]?.header).toBe("@@ -10,3 +10,3 @@ export function a() {");
    expect(marks(files[0]?.hunks[0]?.lines ?? [])).toEqual([" 10:10 keep", "-11:. -- removed line that starts with dashes", "+.:11 added", " 12:12 tail"]);
    expect(marks(files[0]?.hunks[1]?.lines ?? [])).toEqual([" 40:40 only", "+.:41 more"]);
    expect(marks(files[1]?.hunks[0]?.lines ?? [])).toEqual(["+.:1 hello"]);
  });

  it("takes a bare hunk's file from the input's path, and finds nothing in text that is no patch", () => {
    const [file] = parsePatch("@@ -1,2 +1,2 @@\n-a\n+b\n c", "notes.md");
    expect(file?.path).toBe("notes.md");
    expect(marks(file?.hunks[0]?.lines ?? [])).toEqual(["-1:. a", "+.:1 b", " 2:2 c"]);
    expect(parsePatch("just some text\nwith lines")).toEqual([]);
  });
});
