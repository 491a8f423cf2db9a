// Highlighted code as lines of plain data: highlight.js returns escaped HTML made of text and
// `<span class="hljs-...">` only, which is read back here into a tree per line (a span open across
// a line break is closed at its end and reopened on the next), so the viewer can number lines and
// build elements itself instead of injecting HTML. Anything unexpected in the HTML gives null, and
// the caller shows the code unhighlighted.

export type HlNode = string | { className: string; children: HlNode[] };
export type HlLine = HlNode[];

const TOKEN = /<span class="([\w\s-]*)">|<\/span>|([^<]+)|(<)/g;
const ENTITIES: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };

function unescape(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The lines of highlighted HTML as node trees; null when the HTML holds anything but text and class spans. */
export function highlightedLines(html: string): HlLine[] | null {
  const lines: HlLine[] = [];
  // The open spans, outermost first; each holds the children of its current line.
  let stack: { className: string; children: HlNode[] }[] = [];
  let line: HlLine = [];
  const target = () => stack.at(-1)?.children ?? line;
  const endLine = () => {
    lines.push(line);
    line = [];
    const reopened: { className: string; children: HlNode[] }[] = [];
    for (const open of stack) {
      const copy: { className: string; children: HlNode[] } = { className: open.className, children: [] };
      (reopened.at(-1)?.children ?? line).push(copy);
      reopened.push(copy);
    }
    stack = reopened;
  };
  for (const [, className, text, stray] of html.matchAll(TOKEN)) {
    if (stray !== undefined) return null;
    if (className !== undefined) {
      const span: { className: string; children: HlNode[] } = { className, children: [] };
      target().push(span);
      stack.push(span);
    } else if (text !== undefined) {
      const parts = unescape(text).split("\n");
      parts.forEach((part, index) => {
        if (index > 0) endLine();
        if (part !== "") target().push(part);
      });
    } else if (stack.pop() === undefined) return null;
  }
  lines.push(line);
  return lines;
}
