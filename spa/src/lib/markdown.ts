// Markdown to HTML that is safe by construction: raw HTML is shown as text, links keep only
// http/https/mailto targets and open in a new tab without referrer, images become plain links
// (no remote loads), code blocks are escaped or passed through the (lazily loaded) highlighter.
// The browser additionally runs the output through DOMPurify (sanitize.ts).
import { Marked, type RendererObject } from "marked";

/** Returns highlighted HTML (already escaped) for a known language, or null. */
export type Highlight = (code: string, language: string) => string | null;

export interface MarkdownOptions {
  /** Single newlines become line breaks (for prompts typed by people). */
  breaks?: boolean;
  highlight?: Highlight | null;
}

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
export const LINK_REL = "noopener noreferrer";

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** The normalized URL when it is absolute and http, https or mailto; otherwise null. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function anchor(href: string, inner: string, title?: string | null): string {
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : "";
  return `<a href="${escapeHtml(href)}"${titleAttr} target="_blank" rel="${LINK_REL}">${inner}</a>`;
}

function codeLanguage(lang: string | undefined): string | null {
  const match = /^[\w+#.-]{1,32}/.exec((lang ?? "").trim());
  return match ? match[0].toLowerCase() : null;
}

/** The code copy button's content: "Copy" to the eye, "Copy code" to a screen reader. */
export const COPY_CODE_LABEL = 'Copy<span class="sr-only"> code</span>';

function renderer(highlight: Highlight | null): RendererObject {
  return {
    html(token) {
      const text = escapeHtml(token.text);
      return token.block ? `<p>${text}</p>` : text;
    },
    link(token) {
      const inner = this.parser.parseInline(token.tokens);
      const href = safeHref(token.href);
      return href ? anchor(href, inner, token.title) : inner;
    },
    image(token) {
      const label = escapeHtml(token.text || "image");
      const href = safeHref(token.href);
      return href ? anchor(href, `🖼 ${label}`, token.title) : label;
    },
    // A task item's box as a character (no form control in a transcript); its list item loses the bullet in CSS.
    checkbox(token) {
      return token.checked ? '<span class="md-task is-done" title="done">☑</span> ' : '<span class="md-task" title="to do">☐</span> ';
    },
    // A bar above the code holds the language and the copy button (Markdown.tsx handles its clicks),
    // so neither ever covers the first line.
    code(token) {
      const language = codeLanguage(token.lang);
      const text = token.text.replace(/\n$/, "");
      const body = (language && highlight?.(text, language)) || escapeHtml(text);
      const label = language ? `<span class="md-code-lang">${escapeHtml(language)}</span>` : "";
      const copy = `<button type="button" class="md-code-copy">${COPY_CODE_LABEL}</button>`;
      const cls = language ? ` class="hljs language-${escapeHtml(language)}"` : ' class="hljs"';
      return `<div class="md-code"><div class="md-code-head">${label}${copy}</div><pre><code${cls}>${body}</code></pre></div>`;
    },
  };
}

const plain = new Map<boolean, Marked>();
const highlighted = new WeakMap<Highlight, Map<boolean, Marked>>();

function instance(breaks: boolean, highlight: Highlight | null): Marked {
  let cache = highlight ? highlighted.get(highlight) : plain;
  if (!cache) {
    cache = new Map();
    if (highlight) highlighted.set(highlight, cache);
  }
  let marked = cache.get(breaks);
  if (!marked) {
    marked = new Marked({ gfm: true, breaks, async: false, renderer: renderer(highlight) });
    cache.set(breaks, marked);
  }
  return marked;
}

/** Renders markdown to HTML with the guarantees above. */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): string {
  return instance(options.breaks ?? false, options.highlight ?? null).parse(text, { async: false });
}

/** True when the text has a fenced code block worth loading the highlighter for. */
export function hasCodeBlock(text: string): boolean {
  return /^ {0,3}(```|~~~)/m.test(text);
}
