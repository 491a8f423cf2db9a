// Patch texts as numbered diff lines, per file: Codex's apply_patch envelope ("*** Begin Patch",
// "*** Update File: p", "@@ context", "-old", "+new", "*** Add File: p" with "+" lines) and unified
// diffs ("--- a/p", "+++ b/p", "@@ -a,b +c,d @@"). Unified hunk headers give line numbers;
// apply_patch hunks carry none (only context), so theirs are unknown, except in added files.
import type { DiffLine } from "./diff";

export type PatchOp = "update" | "add" | "delete";

export interface PatchHunk {
  /** The hunk's @@ line as written ("@@ -3,4 +3,5 @@ main", apply_patch's "@@ def main"); "" when it had none. */
  header: string;
  lines: DiffLine[];
}

export interface PatchFile {
  path: string;
  op: PatchOp;
  /** apply_patch's "*** Move to:" (a rename). */
  moveTo?: string;
  hunks: PatchHunk[];
}

const ENVELOPE_FILE = /^\*\*\* (Update|Add|Delete) File: (.+)$/;
const UNIFIED_HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A body line of a hunk: its kind from the first character. */
function bodyLine(raw: string, oldNo: number | null, newNo: number | null): DiffLine | null {
  const mark = raw[0];
  const text = raw.slice(1);
  if (mark === "+") return { kind: "add", text, oldNo: null, newNo };
  if (mark === "-") return { kind: "del", text, oldNo, newNo: null };
  if (mark === " " || raw === "") return { kind: "context", text, oldNo, newNo };
  return null;
}

/** Numbers the lines of a hunk on from the given starts (null: unknown, left null). */
function numbered(lines: readonly string[], oldStart: number | null, newStart: number | null): DiffLine[] {
  let oldNo = oldStart;
  let newNo = newStart;
  const out: DiffLine[] = [];
  for (const raw of lines) {
    const line = bodyLine(raw, oldNo, newNo);
    if (line === null) continue;
    out.push(line);
    if (line.kind !== "add" && oldNo !== null) oldNo += 1;
    if (line.kind !== "del" && newNo !== null) newNo += 1;
  }
  return out;
}

function parseEnvelope(lines: readonly string[]): PatchFile[] {
  const files: PatchFile[] = [];
  let file: PatchFile | null = null;
  let hunk: { header: string; body: string[] } | null = null;
  const closeHunk = () => {
    if (file && hunk && hunk.body.length > 0) file.hunks.push({ header: hunk.header, lines: numbered(hunk.body, null, file.op === "add" ? 1 : null) });
    hunk = null;
  };
  for (const line of lines) {
    const start = ENVELOPE_FILE.exec(line);
    if (start) {
      closeHunk();
      file = { path: (start[2] ?? "").trim(), op: start[1] === "Add" ? "add" : start[1] === "Delete" ? "delete" : "update", hunks: [] };
      files.push(file);
      continue;
    }
    if (line.startsWith("*** Move to: ") && file) {
      file.moveTo = line.slice("*** Move to: ".length).trim();
      continue;
    }
    if (line.startsWith("*** End Patch")) {
      closeHunk();
      file = null;
      continue;
    }
    if (line.startsWith("***")) continue; // Begin Patch, End of File
    if (!file) continue;
    if (line.startsWith("@@")) {
      closeHunk();
      hunk = { header: line.trimEnd(), body: [] };
      continue;
    }
    hunk ??= { header: "", body: [] };
    hunk.body.push(line);
  }
  closeHunk();
  return files;
}

function unifiedPath(line: string): string {
  const path = line.slice(4).replace(/\t.*$/, "").trim();
  return path.replace(/^[ab]\//, "");
}

function parseUnified(lines: readonly string[], fallbackPath: string): PatchFile[] {
  const files: PatchFile[] = [];
  let file: PatchFile | null = null;
  let oldPath: string | null = null;
  // The open hunk and how many old and new lines its header says are still to come: a body line
  // such as "--- x" (a removed "-- x") is told from the next file's header by these counts.
  let hunk: { header: string; oldStart: number; newStart: number; body: string[]; oldLeft: number; newLeft: number } | null = null;
  const closeHunk = () => {
    if (file && hunk) file.hunks.push({ header: hunk.header, lines: numbered(hunk.body, hunk.oldStart, hunk.newStart) });
    hunk = null;
  };
  for (const line of lines) {
    if (hunk) {
      if (line.startsWith("\\")) continue; // "\ No newline at end of file"
      const mark = line === "" ? " " : line[0];
      if (mark === " " || mark === "-" || mark === "+") {
        hunk.body.push(line);
        if (mark !== "+") hunk.oldLeft -= 1;
        if (mark !== "-") hunk.newLeft -= 1;
        if (hunk.oldLeft <= 0 && hunk.newLeft <= 0) closeHunk();
        continue;
      }
      closeHunk();
    }
    if (line.startsWith("diff --git ")) {
      file = null;
      oldPath = null;
    } else if (line.startsWith("--- ")) oldPath = unifiedPath(line);
    else if (line.startsWith("+++ ")) {
      const newPath = unifiedPath(line);
      const op: PatchOp = oldPath === "/dev/null" ? "add" : newPath === "/dev/null" ? "delete" : "update";
      file = { path: op === "delete" ? (oldPath ?? newPath) : newPath, op, hunks: [] };
      files.push(file);
    } else {
      const header = UNIFIED_HUNK.exec(line);
      if (!header) continue;
      if (!file) {
        file = { path: fallbackPath, op: "update", hunks: [] };
        files.push(file);
      }
      const [, oldStart = "1", oldCount = "1", newStart = "1", newCount = "1"] = header;
      hunk = { header: line.trimEnd(), oldStart: Number(oldStart), newStart: Number(newStart), body: [], oldLeft: Number(oldCount), newLeft: Number(newCount) };
      if (hunk.oldLeft <= 0 && hunk.newLeft <= 0) closeHunk();
    }
  }
  closeHunk();
  return files.filter((one) => one.hunks.length > 0 || one.op !== "update");
}

/** The files of a patch text; [] when it holds no recognisable hunk. `path` names a bare unified diff's file. */
export function parsePatch(text: string, path = ""): PatchFile[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.some((line) => line.startsWith("*** Begin Patch") || ENVELOPE_FILE.test(line))) return parseEnvelope(lines);
  return parseUnified(lines, path);
}

/** The whole content of an added file ("*** Add File:" hunks), for showing a write as the file it creates. */
export function addedContent(file: PatchFile): string | null {
  if (file.op !== "add") return null;
  return file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind === "add").map((line) => line.text)).join("\n");
}
