// A 10,000-event session in a real browser: time from navigation to the first screen (the latest
// rows, where the viewer opens) against a budget; the list stays virtualized, and the start, the
// middle and the latest are each a scroll or a key away.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";
import { bigSession } from "../../scripts/lib/big-session.mjs";
import { appendEvents, createSession, createShare } from "../helpers/e2e-sessions";

const EVENT_COUNT = 10_000;
/**
 * From navigation (the page's own clock) to the first screen settled on the latest rows: a guard
 * against a collapse, far above what `npm run bench:viewer` measures (its numbers are in the README).
 */
const FIRST_SCREEN_BUDGET_MS = 5_000;
/** A virtualized list keeps only about a screenful of rows (plus overscan) in the DOM. */
const MAX_ROWS_IN_DOM = 80;
const LAST_TEXT = `All ${EVENT_COUNT} events are in.`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Milliseconds since navigation (the page's clock) when a transcript row containing `text` (any row
 * when empty) is first in the DOM, checked every animation frame.
 */
async function rowTime(page: Page, text: string): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const rows = Array.from(document.querySelectorAll(".timeline .vrow"));
      return rows.some((row) => (row.textContent ?? "").includes(wanted)) ? performance.now() : null;
    },
    text,
    { timeout: 30_000, polling: "raf" },
  );
  const value: unknown = await handle.jsonValue();
  if (typeof value !== "number") throw new Error(`expected a time, got ${JSON.stringify(value)}`);
  return value;
}

describe("viewer: a 10,000-event session", () => {
  it("shows its first screen within budget and stays virtualized", async () => {
    const sessionId = await createSession("external");
    const appendStartedAt = Date.now();
    await appendEvents(sessionId, bigSession(EVENT_COUNT, LAST_TEXT));
    const appendMs = Date.now() - appendStartedAt;
    const share = await createShare(sessionId, "live");
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(`/s/${share.code}`, { waitUntil: "commit" });
      const firstRowsMs = await rowTime(page, "");
      const settledMs = await rowTime(page, LAST_TEXT);
      console.log(
        `[viewer-big] ${EVENT_COUNT} events (appended in ${appendMs} ms): first rows at ${Math.round(firstRowsMs)} ms, ` +
          `settled first screen (latest rows) at ${Math.round(settledMs)} ms after navigation ` +
          `(budget ${FIRST_SCREEN_BUDGET_MS} ms)`,
      );
      await screenshot(page, "viewer-big-latest");
      expect(firstRowsMs).toBeLessThanOrEqual(settledMs);
      expect(settledMs).toBeLessThan(FIRST_SCREEN_BUDGET_MS);

      const timeline = page.locator(".timeline");
      const rowsInDom = () => page.locator(".timeline .vrow").count();
      expect(await rowsInDom()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);

      // To the very start, by keyboard, as a reader would.
      await timeline.focus();
      await page.keyboard.press("Home");
      await page.locator(".marker-start").waitFor({ timeout: 5_000 });
      await page.getByText("Step 1: checking").waitFor({ timeout: 5_000 });
      expect(await rowsInDom()).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
      await screenshot(page, "viewer-big-start");

      // The middle, then back to the latest with the jump button.
      await timeline.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
      await page
        .getByText(/^Step \d+: checking/)
        .first()
        .waitFor({ timeout: 5_000 });
      await screenshot(page, "viewer-big-middle");
      const jump = page.getByRole("button", { name: /^Jump to latest/ });
      await jump.click();
      await page.getByText(LAST_TEXT).waitFor({ timeout: 5_000 });
      await expect.poll(() => jump.count()).toBe(0);

      // Home and End by keyboard once more, end to end.
      await page.keyboard.press("Home");
      await page.locator(".marker-start").waitFor({ timeout: 5_000 });
      await page.keyboard.press("End");
      await page.getByText(LAST_TEXT).waitFor({ timeout: 5_000 });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
