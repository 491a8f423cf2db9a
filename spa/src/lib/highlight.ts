// Lazy syntax highlighting: highlight.js core and the common languages live in their own chunk,
// fetched the first time a code block is on screen.
import type { Highlight } from "./markdown";

let loading: Promise<Highlight> | null = null;
let loaded: Highlight | null = null;

export function loadedHighlighter(): Highlight | null {
  return loaded;
}

export function loadHighlighter(): Promise<Highlight> {
  loading ??= import("./hljs-languages").then((module) => {
    loaded = module.highlight;
    return module.highlight;
  });
  return loading;
}
