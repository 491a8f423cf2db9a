// The lazily loaded highlighter: null until its chunk arrives; loading starts when `wanted`.
import { useEffect, useState } from "react";
import { loadedHighlighter, loadHighlighter } from "../lib/highlight";
import type { Highlight } from "../lib/markdown";

export function useHighlighter(wanted: boolean): Highlight | null {
  const [highlight, setHighlight] = useState<Highlight | null>(loadedHighlighter);
  useEffect(() => {
    if (!wanted || highlight) return;
    let live = true;
    loadHighlighter().then(
      (loaded) => {
        if (live) setHighlight(() => loaded);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted, highlight]);
  return highlight;
}
