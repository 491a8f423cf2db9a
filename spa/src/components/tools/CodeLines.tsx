// Numbered code: file text with a line-number gutter, highlighted by language once the highlighter
// chunk is in (plain until then, and for text too large to highlight). Highlighting comes back as
// data (lib/tools/highlight-lines.ts) and is built into elements here.
import { type ReactNode, useMemo } from "react";
import { useHighlighter } from "../../hooks/useHighlighter";
import { type HlNode, highlightedLines } from "../../lib/tools/highlight-lines";
import type { NumberedLine } from "../../lib/tools/numbered";
import { textLines } from "../../lib/tools/window";

/** Past this many characters code is shown plain: highlighting it would stall the page. */
const MAX_HIGHLIGHT_CHARS = 100_000;

export function HlNodes({ nodes }: { nodes: readonly HlNode[] }): ReactNode {
  return nodes.map((node, index) =>
    typeof node === "string" ? (
      node
    ) : (
      <span key={index} className={node.className}>
        <HlNodes nodes={node.children} />
      </span>
    ),
  );
}

/** The highlighted lines of `code` in `language`; null until the highlighter is in, or when it cannot help. */
export function useHighlightedLines(code: string, language: string | null): HlNode[][] | null {
  const wanted = language !== null && code.length <= MAX_HIGHLIGHT_CHARS;
  const highlight = useHighlighter(wanted);
  return useMemo(() => {
    if (!wanted || !highlight || language === null) return null;
    const html = highlight(textLines(code).join("\n"), language);
    return html === null ? null : highlightedLines(html);
  }, [wanted, highlight, code, language]);
}

/** Rows of a line number and its text (the text as given, or highlighted nodes). */
export function NumberedRows({ lines, highlighted }: { lines: readonly NumberedLine[]; highlighted?: (index: number) => readonly HlNode[] | null }) {
  return (
    <div className="nl">
      {lines.map((line, index) => {
        const nodes = highlighted?.(index) ?? null;
        return (
          <div key={index} className="nl-row">
            <span className="nl-no">{line.no ?? ""}</span>
            <span className="nl-text">{nodes ? <HlNodes nodes={nodes} /> : line.text || " "}</span>
          </div>
        );
      })}
    </div>
  );
}
