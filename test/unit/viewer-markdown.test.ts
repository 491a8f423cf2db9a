// Markdown rendering guarantees (spa/src/lib/markdown.ts); DOMPurify runs on top in the browser.
import { describe, expect, it } from "vitest";
import { hasCodeBlock, renderMarkdown, safeHref } from "../../spa/src/lib/markdown";

describe("safeHref", () => {
  it("keeps absolute http, https and mailto URLs", () => {
    expect(safeHref("https://example.com/a?b=1")).toBe("https://example.com/a?b=1");
    expect(safeHref("http://example.com")).toBe("http://example.com/");
    expect(safeHref("mailto:a@example.com")).toBe("mailto:a@example.com");
  });

  it("rejects script, data, file and relative URLs, including obfuscated ones", () => {
    for (const href of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,<b>",
      "vbscript:x",
      "file:///etc/passwd",
      "/relative",
      "#top",
      "//evil.example",
    ]) {
      expect(safeHref(href), href).toBeNull();
    }
  });
});

describe("renderMarkdown", () => {
  it("shows raw HTML as text, block and inline", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nhi <img src=x onerror="alert(1)"> there');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("opens safe links in a new tab without opener or referrer", () => {
    const html = renderMarkdown("[docs](https://example.com) and https://auto.example");
    expect(html).toContain('<a href="https://example.com/" target="_blank" rel="noopener noreferrer">docs</a>');
    expect(html).toContain('href="https://auto.example/"');
  });

  it("drops unsafe link targets but keeps the text", () => {
    const html = renderMarkdown("[click](javascript:alert(1)) [rel](/x)");
    expect(html).not.toContain("<a");
    expect(html).toContain("click");
    expect(html).toContain("rel");
  });

  it("turns images into links instead of loading them", () => {
    const html = renderMarkdown("![diagram](https://img.example/a.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain('href="https://img.example/a.png"');
    expect(html).toContain("diagram");
  });

  it("escapes code blocks and marks their language", () => {
    const html = renderMarkdown("```ts\nconst a = '<b>';\n```");
    expect(html).toContain('class="hljs language-ts"');
    expect(html).toContain("const a = &#39;&lt;b&gt;&#39;;");
  });

  it("puts the language and a copy button in a bar above the code, never over it", () => {
    const html = renderMarkdown("```python\nprint(1)\n```");
    expect(html).toMatch(
      /^<div class="md-code"><div class="md-code-head"><span class="md-code-lang">python<\/span><button type="button" class="md-code-copy">Copy<span class="sr-only"> code<\/span><\/button><\/div><pre>/,
    );
    expect(renderMarkdown("```\nx\n```")).toContain('<div class="md-code-head"><button type="button"');
  });

  it("shows task items as marks, not form controls", () => {
    const html = renderMarkdown("- [x] tests pass\n- [ ] docs");
    expect(html).toContain('<span class="md-task is-done" title="done">☑</span> tests pass');
    expect(html).toContain('<span class="md-task" title="to do">☐</span> docs');
    expect(html).not.toContain("<input");
  });

  it("uses the highlighter when given one, and ignores odd language strings", () => {
    const highlight = (code: string, language: string) => (language === "ts" ? `<span class="hljs-keyword">${code.length}</span>` : null);
    expect(renderMarkdown("```ts\nabc\n```", { highlight })).toContain('<span class="hljs-keyword">3</span>');
    const odd = renderMarkdown('```"><script>\nx\n```', { highlight });
    expect(odd).not.toContain("<script>");
  });

  it("keeps single newlines as breaks only when asked", () => {
    expect(renderMarkdown("a\nb", { breaks: true })).toContain("<br>");
    expect(renderMarkdown("a\nb")).not.toContain("<br>");
  });

  it("detects fenced code blocks", () => {
    expect(hasCodeBlock("text\n```js\nx\n```")).toBe(true);
    expect(hasCodeBlock("inline `code` only")).toBe(false);
  });
});
