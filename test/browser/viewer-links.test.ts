// Links that must hold their terms in a real browser: a snapshot never grows, a revoked link shows
// its error page and an open viewer of it stops and says so, an unknown code gets a friendly 404.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowTexts, connectionLabel, launchBrowser, openPage, screenshot } from "../helpers/browser";
import { appendEvents, createSession, createShare, message, readAsViewer, revokeShare, viewerToken } from "../helpers/e2e-sessions";

/** Long enough for an appended event to reach a live viewer several times over (it takes ~100 ms). */
const QUIET_MS = 2_000;
/** An open viewer of a revoked link must notice within this long (the gateway rechecks an open viewer's share every 5 s; its reconnect is then refused). */
const REVOKE_NOTICE_BUDGET_MS = 15_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const labelled = (texts: readonly string[], word: string) => texts.flatMap((text) => [...text.matchAll(new RegExp(`${word} \\d`, "g"))].map((m) => m[0]));

describe("viewer: link terms", () => {
  it("a snapshot link shows the session as it was when the link was made, and does not grow", async () => {
    const sessionId = await createSession("external");
    await appendEvents(sessionId, [message("Before 1"), message("Before 2"), message("Before 3")]);
    const share = await createShare(sessionId, "snapshot");
    await appendEvents(sessionId, [message("After 1")]);
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(`/s/${share.code}`);
      await page.getByText("Before 3", { exact: true }).waitFor();
      await expect.poll(() => connectionLabel(page)).toBe("Snapshot");
      await appendEvents(sessionId, [message("After 2"), message("After 3")]);
      await sleep(QUIET_MS);
      const texts = await allRowTexts(page);
      expect(labelled(texts, "Before")).toEqual(["Before 1", "Before 2", "Before 3"]);
      expect(labelled(texts, "After")).toEqual([]);
      expect(await connectionLabel(page)).toBe("Snapshot");
      expect(await page.locator(".status-snapshot").innerText()).toMatch(/^As of /);
      expect(await page.locator(".foot-note").innerText()).toContain("snapshot");
      expect(await page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
      await screenshot(page, "viewer-snapshot");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
    // Nor can the snapshot's token read past its bound from outside the viewer.
    const token = await viewerToken(share.code);
    const read = await readAsViewer(token.token, sessionId);
    expect(read.status).toBe(200);
    expect(read.events.map((e) => e.text).filter((text) => text !== undefined)).toEqual(["Before 1", "Before 2", "Before 3"]);
    expect(read.events.at(-1)?.offset).toBe(token.upToOffset);
  });

  it("a revoked link: the open viewer stops and says so, and opening it again shows the error page", async () => {
    const sessionId = await createSession("external");
    const share = await createShare(sessionId, "live", true);
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(`/s/${share.code}`);
      await page.locator(".marker-start").waitFor();
      await expect.poll(() => connectionLabel(page)).toBe("Live");
      await appendEvents(sessionId, [message("Seen before revoking")]);
      await page.getByText("Seen before revoking", { exact: true }).waitFor();

      const revokedAt = Date.now();
      await revokeShare(share.code);
      await expect.poll(() => connectionLabel(page), { timeout: REVOKE_NOTICE_BUDGET_MS }).toBe("Link revoked");
      console.log(`[viewer-links] open viewer noticed the revocation after ${Date.now() - revokedAt} ms`);
      expect(await page.locator(".foot-note").innerText()).toContain("revoked");
      expect(await page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
      await appendEvents(sessionId, [message("Written after revoking")]);
      await sleep(QUIET_MS);
      expect(await page.getByText("Written after revoking").count()).toBe(0);
      await screenshot(page, "viewer-revoked-open");
      expect(problems).toEqual([]);

      const again = await page.goto(`/s/${share.code}`);
      expect(again?.status()).toBe(410);
      await page.getByRole("heading", { name: "This link was revoked" }).waitFor();
      await screenshot(page, "viewer-revoked-page");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("an unknown link gets a friendly not-found page", async () => {
    const { page, problems, close } = await openPage(browser, { colorScheme: "dark" });
    try {
      const response = await page.goto("/s/NoSuchCode42");
      expect(response?.status()).toBe(404);
      await page.getByRole("heading", { name: "Link not found" }).waitFor();
      await screenshot(page, "viewer-unknown-dark");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
