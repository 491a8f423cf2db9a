// File text as numbered lines: Claude Code's Read output carries `cat -n` prefixes ("     1\t" or
// "     1→"), which become the line numbers instead of staying in the text; other text is numbered
// from the first line shown.

export interface NumberedLine {
  no: number | null;
  text: string;
}

const CAT_N = /^ *(\d+)(?:\t|→)/;

/** Whether most of the (first) lines carry a cat -n prefix. */
export function hasLineNumbers(lines: readonly string[]): boolean {
  const sample = lines.slice(0, 50).filter((line) => line !== "");
  return sample.length > 0 && sample.filter((line) => CAT_N.test(line)).length >= Math.ceil(sample.length * 0.8);
}

/** Lines with their numbers: from the prefixes when `prefixed`, else counting from `first`. */
export function numberLines(lines: readonly string[], prefixed: boolean, first = 1): NumberedLine[] {
  return lines.map((line, index) => {
    if (!prefixed) return { no: first + index, text: line };
    const match = CAT_N.exec(line);
    return match ? { no: Number(match[1]), text: line.slice(match[0].length) } : { no: null, text: line };
  });
}

/** The file's own text, prefixes removed (for copying). */
export function stripLineNumbers(text: string): string {
  const lines = text.split("\n");
  if (!hasLineNumbers(lines)) return text;
  return numberLines(lines, true)
    .map((line) => line.text)
    .join("\n");
}
