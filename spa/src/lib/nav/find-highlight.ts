// Marks find matches in the transcript rows now in the DOM with the CSS Custom Highlight API
// (::highlight(find) and ::highlight(find-current) in nav.css): ranges over the text nodes, no DOM
// changes, so React's rows are untouched. Browsers without the API just get the row outline.
import { normalizeQuery } from "./row-text";

/** A very common query marks at most this many places (the rows on screen rarely hold more). */
const MAX_RANGES = 2_000;
const ALL = "find";
const CURRENT = "find-current";

function supported(): boolean {
  return typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight === "function";
}

/** Marks every place `query` occurs in the rows under `container`; the current row's in their own colour. */
export function highlightMatches(container: HTMLElement, query: string, currentKey: string | null): void {
  if (!supported()) return;
  const needle = normalizeQuery(query);
  const all: Range[] = [];
  const current: Range[] = [];
  let count = 0;
  if (needle !== "") {
    for (const row of container.querySelectorAll<HTMLElement>(".vrow")) {
      const into = row.dataset.key === currentKey ? current : all;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null && count < MAX_RANGES; node = walker.nextNode()) {
        const text = node.nodeValue ?? "";
        const lower = text.toLowerCase();
        // Lowercasing that changes the length (a few scripts) would misplace the offsets: skip such text.
        if (lower.length !== text.length) continue;
        for (let at = lower.indexOf(needle); at !== -1 && count < MAX_RANGES; at = lower.indexOf(needle, at + needle.length)) {
          const range = new Range();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          into.push(range);
          count += 1;
        }
      }
    }
  }
  CSS.highlights.set(ALL, new Highlight(...all));
  CSS.highlights.set(CURRENT, new Highlight(...current));
}

export function clearHighlights(): void {
  if (!supported()) return;
  CSS.highlights.delete(ALL);
  CSS.highlights.delete(CURRENT);
}
