// Which part of a long text a block shows. Collapsed, a few lines from the end that matters: the
// tail for command output and logs (a test run's summary is at the bottom), the head for a file.
// Expanded, everything up to a hard cap, again from that end: past ~200k characters the page slows
// for no reader's benefit. Pure, so the preview rules are unit-tested.

export type KeepEnd = "head" | "tail";

export interface TextWindow {
  /** The lines of the capped text (a line cut by a limit is cut here too). */
  lines: string[];
  /** The visible lines are lines[from, to). */
  from: number;
  to: number;
  /** Lines of the capped text left out of view. */
  hiddenLines: number;
  /** Characters of the original text beyond the hard cap (never rendered). */
  droppedChars: number;
  /** Whether anything of the text is out of view (then the block offers to show more). */
  truncated: boolean;
}

export interface WindowLimits {
  previewLines: number;
  previewChars: number;
  maxChars: number;
}

export const DEFAULT_LIMITS: WindowLimits = { previewLines: 24, previewChars: 4_000, maxChars: 200_000 };

/** At most `maxChars` characters from the kept end, cut at a line break when one is near (so no line starts mid-way). */
export function capText(text: string, maxChars: number, keep: KeepEnd): { text: string; droppedChars: number } {
  if (text.length <= maxChars) return { text, droppedChars: 0 };
  let kept = keep === "tail" ? text.slice(text.length - maxChars) : text.slice(0, maxChars);
  const slack = Math.min(kept.length, 2_000);
  if (keep === "tail") {
    const cut = kept.indexOf("\n");
    if (cut >= 0 && cut < slack) kept = kept.slice(cut + 1);
  } else {
    const cut = kept.lastIndexOf("\n");
    if (cut >= 0 && cut > kept.length - slack) kept = kept.slice(0, cut);
  }
  return { text: kept, droppedChars: text.length - kept.length };
}

/** Lines as shown; a trailing newline does not add an empty last line. */
export function textLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}

/** The lines of `text` to show, collapsed (`expanded` false) or in full. */
export function textWindow(text: string, keep: KeepEnd, expanded: boolean, limits: WindowLimits = DEFAULT_LIMITS): TextWindow {
  const capped = capText(text, limits.maxChars, keep);
  const lines = textLines(capped.text);
  if (expanded) return { lines, from: 0, to: lines.length, hiddenLines: 0, droppedChars: capped.droppedChars, truncated: capped.droppedChars > 0 };
  // As many lines from the kept end as fit both limits; a line too long for the characters left is cut to fit.
  let shown = 0;
  let chars = 0;
  let clipped = false;
  const at = (k: number) => (keep === "tail" ? lines.length - 1 - k : k);
  while (shown < Math.min(limits.previewLines, lines.length)) {
    const line = lines[at(shown)] ?? "";
    if (chars + line.length > limits.previewChars) {
      if (shown === 0 || chars < limits.previewChars / 2) {
        const room = Math.max(limits.previewChars - chars, 0);
        lines[at(shown)] = keep === "tail" ? `…${line.slice(line.length - room)}` : `${line.slice(0, room)}…`;
        clipped = true;
        shown += 1;
      }
      break;
    }
    chars += line.length + 1;
    shown += 1;
  }
  const hiddenLines = lines.length - shown;
  return {
    lines,
    from: keep === "tail" ? hiddenLines : 0,
    to: keep === "tail" ? lines.length : shown,
    hiddenLines,
    droppedChars: capped.droppedChars,
    truncated: clipped || hiddenLines > 0 || capped.droppedChars > 0,
  };
}
