// The friendly page for share links that no longer (or never did) open a session. Its style is a
// static asset (spa/public/error-page.css), so the viewer's strict CSP needs no inline exception.
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Inline SVG marks (a clock, a magnifier): they render without emoji fonts, and inline SVG needs no CSP exception. */
const MARK_PATHS = {
  gone: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  missing: '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5L20 20"/>',
};
const mark = (kind: "missing" | "gone") =>
  `<svg width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${MARK_PATHS[kind]}</svg>`;

export function errorPage(kind: "missing" | "gone", message: string): string {
  const title = kind === "gone" ? "This link has ended" : "Link not found";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<title>${title} · CodeSpar</title>
<link rel="stylesheet" href="/error-page.css">
</head>
<body><main role="main"><div class="mark" aria-hidden="true">${mark(kind)}</div><h1>${title}</h1><p>${escapeHtml(message)}. Ask whoever shared it for a new link.</p></main></body>
</html>`;
}
