// The real browser for viewer end-to-end tests: Debian chromium under playwright-core (one per test
// file), pages that record script errors and CSP violations, screenshots, and transcript queries.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { baseUrl } from "./e2e-api";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const LAUNCH_TIMEOUT_MS = 30_000;
/** Default wait for anything on a page (a selector, a navigation). */
export const PAGE_TIMEOUT_MS = 15_000;

export const SCREENSHOT_DIR = fileURLToPath(new URL("../e2e/screenshots/", import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true, timeout: LAUNCH_TIMEOUT_MS });
}

export interface ViewerPage {
  page: Page;
  /** Uncaught exceptions and Content-Security-Policy violations seen so far. */
  problems: string[];
  close: () => Promise<void>;
}

export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: "light" | "dark";
  /** Where the page's relative URLs go: the gateway, unless a test puts a proxy in between. */
  origin?: string;
  /** A phone: touch input and a mobile viewport (so `(pointer: coarse)` matches). */
  mobile?: boolean;
}

/** A fresh context (own storage) and page on the gateway under test. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<ViewerPage> {
  const context = await browser.newContext({
    baseURL: options.origin ?? baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    colorScheme: options.colorScheme ?? "light",
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
    serviceWorkers: "block",
  });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) problems.push(`CSP: ${message.text()}`);
  });
  return { page, problems, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: "disabled" });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Every accessibility violation axe-core finds on the page as it is now (all of axe's default rules:
 * WCAG 2.x A and AA plus its best practices), one line each: rule, impact, the elements and the
 * first failure's summary. axe is evaluated through the DevTools protocol, which the page's CSP does
 * not govern, so the page under test keeps its real policy.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe: unknown = Reflect.get(window, "axe");
    const run: unknown = typeof axe === "object" && axe !== null ? Reflect.get(axe, "run") : null;
    if (typeof run !== "function") throw new Error("axe-core did not load");
    const result: unknown = await run.call(axe, document, { resultTypes: ["violations"] });
    const violations: unknown = typeof result === "object" && result !== null ? Reflect.get(result, "violations") : null;
    if (!Array.isArray(violations)) throw new Error("axe-core returned no violations list");
    return violations.map((violation: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }) => {
      const targets = violation.nodes.map((node) => node.target.join(" ")).slice(0, 5);
      return `${violation.id} (${violation.impact ?? "?"}): ${targets.join(", ")} — ${violation.nodes[0]?.failureSummary ?? ""}`.replaceAll("\n", " ");
    });
  });
}

/** The text of every transcript row now in the DOM (the list is virtualized), in row order. */
export function visibleRowTexts(page: Page): Promise<string[]> {
  return page.locator(".timeline .vrow").evaluateAll((rows) =>
    rows
      .map((row) => ({ index: Number(row.getAttribute("data-index")), text: row.textContent ?? "" }))
      .sort((a, b) => a.index - b.index)
      .map((row) => row.text),
  );
}

/**
 * Every transcript row's text, found by scrolling the virtualized list from top to bottom (for
 * small sessions; it leaves the reader at the bottom). Keyed by row index, so a row seen twice while
 * scrolling counts once and a duplicated event shows up as two rows.
 */
export function allRowTexts(page: Page): Promise<string[]> {
  return page.locator(".timeline").evaluate(async (timeline) => {
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const seen = new Map<number, string>();
    timeline.scrollTop = 0;
    await frames();
    for (let step = 0; step < 1_000; step += 1) {
      for (const row of timeline.querySelectorAll(".vrow")) seen.set(Number(row.getAttribute("data-index")), row.textContent ?? "");
      if (timeline.scrollTop + timeline.clientHeight >= timeline.scrollHeight - 1) break;
      timeline.scrollTop += Math.max(50, timeline.clientHeight / 2);
      await frames();
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
  });
}

/** The connection badge's text ("Live", "Snapshot", "Link revoked", ...). */
export function connectionLabel(page: Page): Promise<string> {
  return page.locator(".conn").innerText();
}
