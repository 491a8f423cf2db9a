// Markdown as sanitized HTML; code blocks get highlighted once the highlighter chunk has loaded.
// Rendered HTML is memoized by text, so rows that scroll back into view cost nothing.
import { useMemo } from "react";
import { useHighlighter } from "../hooks/useHighlighter";
import { type Highlight, hasCodeBlock } from "../lib/markdown";
import { markdownToSafeHtml } from "../lib/sanitize";

const CACHE_ENTRIES = 600;
const cache = new Map<string, string>();

function render(text: string, breaks: boolean, highlight: Highlight | null): string {
  const id = `${breaks ? "b" : "-"}${highlight ? "h" : "-"}${text}`;
  const hit = cache.get(id);
  if (hit !== undefined) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const html = markdownToSafeHtml(text, { breaks, highlight });
  cache.set(id, html);
  if (cache.size > CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return html;
}

export function Markdown({ text, breaks = false, className = "" }: { text: string; breaks?: boolean; className?: string }) {
  const wantsCode = hasCodeBlock(text);
  const highlight = useHighlighter(wantsCode);
  const html = useMemo(() => render(text, breaks, wantsCode ? highlight : null), [text, breaks, wantsCode, highlight]);
  return <div className={`md ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
