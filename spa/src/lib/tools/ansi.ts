// Terminal output with ANSI escapes as styled text segments, line by line: SGR colours (the 16
// named ones as palette indexes the stylesheet colours per theme, 256-colour and truecolor as RGB),
// bold, dim, italic, underline and reset; every other escape (cursor moves, erase, OSC titles and
// links, charset switches) and stray control characters are dropped. A carriage return lets the
// text after it replace the line, as progress bars expect. The result is plain data: the viewer
// builds elements from it, never HTML.

export type AnsiColor = { index: number } | { rgb: readonly [number, number, number] };

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

export type AnsiLine = AnsiSegment[];

/** CSI (ESC [ or the 8-bit 0x9b) sequences, OSC (ESC ]) up to BEL or ST, and two- or three-byte escapes. */
// eslint-disable-next-line no-control-regex -- matching control characters is this file's job
const ESCAPE = /(?:\x1b\[|\x9b)([0-?]*)[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?|([\r\n])|[\x00-\x08\x0b-\x1f\x7f]/g;

const CUBE = [0, 95, 135, 175, 215, 255];

/** A 256-colour palette entry: 0-15 stay palette indexes (themed), the rest become RGB. */
function color256(n: number): AnsiColor | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return { index: n };
  if (n >= 232) {
    const grey = 8 + (n - 232) * 10;
    return { rgb: [grey, grey, grey] };
  }
  const cube = n - 16;
  return { rgb: [CUBE[Math.floor(cube / 36)] ?? 0, CUBE[Math.floor(cube / 6) % 6] ?? 0, CUBE[cube % 6] ?? 0] };
}

const byte = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined);

/** An extended colour (38/48 ;5;n or ;2;r;g;b) from `params` at `at`; returns it and how many params it used. */
function extendedColor(params: readonly number[], at: number): [AnsiColor | undefined, number] {
  const mode = params[at + 1];
  if (mode === 5) return [color256(params[at + 2] ?? -1), 3];
  if (mode === 2) {
    const [r, g, b] = [byte(params[at + 2]), byte(params[at + 3]), byte(params[at + 4])];
    return [r === undefined || g === undefined || b === undefined ? undefined : { rgb: [r, g, b] }, 5];
  }
  return [undefined, 2];
}

/** SGR parameters "1;31" (or colon sub-parameters "38:2::255:0:0") as numbers. */
function sgrParams(raw: string): number[] {
  if (raw === "") return [0];
  return raw.split(";").flatMap((part) => {
    if (!part.includes(":")) return [part === "" ? 0 : Number(part)];
    const sub = part.split(":").map((one) => (one === "" ? NaN : Number(one)));
    // 38:2:<colour space>:r:g:b carries an extra (often empty) colour-space id.
    if (sub[0] !== undefined && (sub[0] === 38 || sub[0] === 48) && sub[1] === 2 && sub.length >= 6) return [sub[0], 2, ...sub.slice(3, 6)];
    return sub.map((n) => (Number.isNaN(n) ? 0 : n));
  });
}

function applySgr(style: AnsiStyle, raw: string): AnsiStyle {
  const params = sgrParams(raw);
  let next: AnsiStyle = { ...style };
  for (let at = 0; at < params.length; at += 1) {
    const code = params[at] ?? 0;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next = { ...next, bold: undefined, dim: undefined };
    else if (code === 23) next.italic = undefined;
    else if (code === 24) next.underline = undefined;
    else if (code >= 30 && code <= 37) next.fg = { index: code - 30 };
    else if (code >= 90 && code <= 97) next.fg = { index: code - 90 + 8 };
    else if (code === 39) next.fg = undefined;
    else if (code >= 40 && code <= 47) next.bg = { index: code - 40 };
    else if (code >= 100 && code <= 107) next.bg = { index: code - 100 + 8 };
    else if (code === 49) next.bg = undefined;
    else if (code === 38 || code === 48) {
      const [color, used] = extendedColor(params, at);
      if (code === 38) next.fg = color;
      else next.bg = color;
      at += used - 1;
    }
  }
  return next;
}

/**
 * Parses lines of terminal output, keeping the style that earlier lines leave open. Only lines from
 * `from` on are returned (earlier ones are read for their style alone), so a preview of the last
 * lines still starts in the right colour.
 */
export function parseAnsiLines(lines: readonly string[], from = 0, to = lines.length): AnsiLine[] {
  const out: AnsiLine[] = [];
  let style: AnsiStyle = {};
  for (let index = 0; index < Math.min(to, lines.length); index += 1) {
    const source = lines[index] ?? "";
    const keep = index >= from;
    let line: AnsiLine = [];
    let overwrite = false;
    const push = (text: string) => {
      if (text === "" || !keep) return;
      if (overwrite) {
        line = [];
        overwrite = false;
      }
      const last = line.at(-1);
      if (last && last.style === style) last.text += text;
      else line.push({ text, style });
    };
    let at = 0;
    for (const match of source.matchAll(ESCAPE)) {
      push(source.slice(at, match.index));
      at = match.index + match[0].length;
      const [whole, sgr, newline] = match;
      if (newline === "\r") overwrite = true;
      else if (sgr !== undefined && whole.endsWith("m")) style = applySgr(style, sgr);
    }
    push(source.slice(at));
    if (keep) out.push(line);
  }
  return out;
}

/** The text of a whole output as styled lines. */
export function parseAnsi(text: string): AnsiLine[] {
  return parseAnsiLines(text.replace(/\r\n/g, "\n").split("\n"));
}

/** The text as a person reads it on the terminal, without escapes (for copying). */
export function stripAnsi(text: string): string {
  return parseAnsi(text)
    .map((line) => line.map((segment) => segment.text).join(""))
    .join("\n");
}

/** Whether the text holds any escape sequence worth parsing. */
export function hasAnsi(text: string): boolean {
  return text.includes("\x1b") || text.includes("\x9b") || text.includes("\r");
}
