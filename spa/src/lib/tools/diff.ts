// Line diffs for file edits: old and new text to numbered lines (a longest-common-subsequence walk
// over the lines that differ, after the common head and tail are set aside), unchanged runs folded
// to a few lines of context, and rows paired for the side-by-side view. The comparison is capped,
// so a huge edit costs a bounded amount of time and memory; past the cap the caller shows the
// texts before and after instead.

export type DiffLineKind = "context" | "add" | "del";

/** One line of a diff; `oldNo`/`newNo` are 1-based, null on the side a line is not on or when unknown. */
export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

/** Unchanged lines left out of a diff's view. */
export interface DiffGap {
  kind: "gap";
  count: number;
}

/** The most cells (changed old lines x changed new lines) the comparison table may have: 2M cells are 4 MB and ~10 ms. */
export const MAX_DIFF_CELLS = 2_000_000;

/** Text as lines; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** The lines from `old` to `next`, numbered from 1 on each side; null when the changed parts are too large to compare. */
export function diffLines(old: string, next: string, maxCells = MAX_DIFF_CELLS): DiffLine[] | null {
  const a = splitLines(old);
  const b = splitLines(next);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n * m > maxCells) return null;

  // lcs[i * (m + 1) + j]: the longest common subsequence of the changed parts from a[head + i] and b[head + j] on.
  // Its values are at most min(n, m), which the cell cap keeps far below 65,536.
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        a[head + i] === b[head + j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }

  const lines: DiffLine[] = [];
  let oldNo = 1;
  let newNo = 1;
  const same = (text: string) => lines.push({ kind: "context", text, oldNo: oldNo++, newNo: newNo++ });
  for (let k = 0; k < head; k += 1) same(a[k] ?? "");
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const left = a[head + i] ?? "";
    const right = b[head + j] ?? "";
    if (i < n && j < m && left === right) {
      same(left);
      i += 1;
      j += 1;
    } else if (j >= m || (i < n && (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      lines.push({ kind: "del", text: left, oldNo: oldNo++, newNo: null });
      i += 1;
    } else {
      lines.push({ kind: "add", text: right, oldNo: null, newNo: newNo++ });
      j += 1;
    }
  }
  for (let k = a.length - tail; k < a.length; k += 1) same(a[k] ?? "");
  return lines;
}

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs into a gap. */
export function foldContext(lines: readonly DiffLine[], context = 3): (DiffLine | DiffGap)[] {
  const near = new Uint8Array(lines.length);
  lines.forEach((line, index) => {
    if (line.kind === "context") return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k += 1) near[k] = 1;
  });
  const out: (DiffLine | DiffGap)[] = [];
  let folded = 0;
  lines.forEach((line, index) => {
    if (near[index] === 1 || line.kind !== "context") {
      if (folded > 0) out.push({ kind: "gap", count: folded });
      folded = 0;
      out.push(line);
    } else folded += 1;
  });
  if (folded > 0) out.push({ kind: "gap", count: folded });
  return out;
}

/** A side-by-side row: old on the left, new on the right (a change pairs removed lines with the added ones after them). */
export type SplitRow = { kind: "pair"; left: DiffLine | null; right: DiffLine | null } | DiffGap;

export function splitRows(items: readonly (DiffLine | DiffGap)[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(dels.length, adds.length); k += 1) rows.push({ kind: "pair", left: dels[k] ?? null, right: adds[k] ?? null });
    dels = [];
    adds = [];
  };
  for (const item of items) {
    if (item.kind === "del") {
      if (adds.length > 0) flush();
      dels.push(item);
    } else if (item.kind === "add") adds.push(item);
    else {
      flush();
      rows.push(item.kind === "gap" ? item : { kind: "pair", left: item, right: item });
    }
  }
  flush();
  return rows;
}

/** A diff as unified-diff body text ("+added", "-removed", " unchanged"), for copying. */
export function diffText(lines: readonly DiffLine[]): string {
  return lines.map((line) => `${line.kind === "add" ? "+" : line.kind === "del" ? "-" : " "}${line.text}`).join("\n");
}
