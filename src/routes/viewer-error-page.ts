// The friendly page for share links that no longer (or never did) open a session, or that were tried
// too often from one address. Its style is a static asset (spa/public/error-page.css), so the
// viewer's strict CSP needs no inline exception.
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export type ErrorPageKind = "missing" | "expired" | "revoked" | "gone" | "busy";

/** Each kind's title, advice and inline SVG mark (a magnifier, a clock, an hourglass): they render without emoji fonts, and inline SVG needs no CSP exception. */
const KINDS: Record<ErrorPageKind, { title: string; advice: string; mark: string }> = {
  missing: {
    title: "Link not found",
    advice: "Ask whoever shared it for a new link.",
    mark: '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5L20 20"/>',
  },
  expired: {
    title: "This link has expired",
    advice: "Ask whoever shared it for a new link.",
    mark: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  },
  revoked: {
    title: "This link was revoked",
    advice: "Its owner turned it off. Ask them for a new link.",
    mark: '<circle cx="12" cy="12" r="9"/><path d="M6 6l12 12"/>',
  },
  gone: {
    title: "This link has ended",
    advice: "Ask whoever shared it for a new link.",
    mark: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  },
  busy: {
    title: "Too many tries",
    advice: "Wait a minute, then reload this page.",
    mark: '<path d="M7 3h10M7 21h10M8 3c0 5 8 6 8 9s-8 4-8 9M16 3c0 5-8 6-8 9s8 4 8 9"/>',
  },
};

export function errorPage(kind: ErrorPageKind, message: string): string {
  const { title, advice, mark } = KINDS[kind];
  const svg = `<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">${mark}</svg>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<title>${title} · CodeSpar</title>
<link rel="stylesheet" href="/error-page.css">
</head>
<body><main class="screen"><div class="screen-card" role="alert"><span class="screen-icon" aria-hidden="true">${svg}</span><h1 class="screen-title">${title}</h1><p class="screen-text">${escapeHtml(message)}. ${advice}</p></div></main></body>
</html>`;
}
