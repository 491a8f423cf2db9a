// Markdown as sanitized HTML; code blocks get highlighted once the highlighter chunk has loaded,
// and their copy buttons (plain HTML from the renderer) are handled here by one click listener.
// Rendered HTML is memoized by text, so rows that scroll back into view cost nothing.
import { type MouseEvent, useMemo } from "react";
import { copyText } from "../lib/clipboard";
import { useHighlighter } from "../hooks/useHighlighter";
import { COPY_CODE_LABEL, type Highlight, hasCodeBlock } from "../lib/markdown";
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

const COPIED_FEEDBACK_MS = 2_000;

function onCopyClick(event: MouseEvent<HTMLDivElement>): void {
  const target = event.target;
  const button = target instanceof Element ? target.closest(".md-code-copy") : null;
  if (!button) return;
  const code = button.closest(".md-code")?.querySelector("pre")?.textContent ?? "";
  void copyText(code).then((ok) => {
    button.textContent = ok ? "Copied" : "Copy failed";
    setTimeout(() => (button.innerHTML = COPY_CODE_LABEL), COPIED_FEEDBACK_MS);
  });
}

export function Markdown({ text, breaks = false, className = "" }: { text: string; breaks?: boolean; className?: string }) {
  const wantsCode = hasCodeBlock(text);
  const highlight = useHighlighter(wantsCode);
  const html = useMemo(() => render(text, breaks, wantsCode ? highlight : null), [text, breaks, wantsCode, highlight]);
  return <div className={`md ${className}`} onClick={wantsCode ? onCopyClick : undefined} dangerouslySetInnerHTML={{ __html: html }} />;
}
