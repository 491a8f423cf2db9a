// The friendly page for share links that no longer (or never did) open a session. Its style is a
// static asset (spa/public/error-page.css), so the viewer's strict CSP needs no inline exception.
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

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
<body><main role="main"><div class="mark" aria-hidden="true">${kind === "gone" ? "⌛" : "🔍"}</div><h1>${title}</h1><p>${escapeHtml(message)}. Ask whoever shared it for a new link.</p></main></body>
</html>`;
}
