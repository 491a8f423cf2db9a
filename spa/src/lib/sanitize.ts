// The browser-side sanitizer: DOMPurify over the markdown renderer's output, restricted to the
// tags markdown produces, URLs limited to http/https/mailto, every link opened safely.
import DOMPurify from "dompurify";
import { LINK_REL, type MarkdownOptions, renderMarkdown } from "./markdown";

const ALLOWED_TAGS = [
  "a",
  "blockquote",
  "br",
  "button",
  "code",
  "del",
  "div",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "span",
  "strong",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];
const ALLOWED_ATTR = ["href", "title", "class", "target", "rel", "start", "align", "type"];
const SAFE_URI = /^(?:https?:|mailto:)/i;

let hooked = false;

export function sanitizeHtml(html: string): string {
  if (!hooked) {
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      // The only button markdown makes is a code block's copy button: it never submits anything.
      if (node.tagName === "BUTTON") node.setAttribute("type", "button");
      if (node.tagName === "A") {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", LINK_REL);
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP: SAFE_URI, ALLOW_DATA_ATTR: false });
}

/** Markdown to sanitized HTML, ready for innerHTML. */
export function markdownToSafeHtml(text: string, options: MarkdownOptions = {}): string {
  return sanitizeHtml(renderMarkdown(text, options));
}
