// The live viewer in a real browser against the real gateway: events appear as an external agent
// appends them, and neither a reload nor a dropped connection mid-stream loses or repeats a row.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRowTexts, connectionLabel, launchBrowser, openPage, type PageOptions, screenshot } from "../helpers/browser";
import { baseUrl } from "../helpers/e2e-api";
import { appendEvents, createSession, createShare, message } from "../helpers/e2e-sessions";
import { startTcpProxy } from "../helpers/tcp-proxy";

/** An appended event must be on screen within this long (it usually takes a few tens of ms). */
const APPEAR_BUDGET_MS = 5_000;
/** After a drop, the viewer retries with backoff (0.25-2 s for the first attempts). */
const RECONNECT_BUDGET_MS = 10_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const step = (i: number) => `Step ${String(i).padStart(3, "0")} done`;
/** The step numbers named in row texts, in row order. */
const stepsIn = (texts: readonly string[]) => texts.flatMap((text) => [...text.matchAll(/Step (\d{3}) done/g)].map((m) => Number(m[1])));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends one step message at a time, a little apart, as an agent at work would. */
async function appendSlowly(sessionId: string, steps: readonly number[]): Promise<void> {
  for (const i of steps) {
    await appendEvents(sessionId, [message(step(i))]);
    await sleep(40);
  }
}

async function liveViewer(options: PageOptions = {}) {
  const sessionId = await createSession("external");
  const share = await createShare(sessionId, "live");
  const viewer = await openPage(browser, options);
  const response = await viewer.page.goto(`/s/${share.code}`);
  expect(response?.status()).toBe(200);
  await viewer.page.locator(".marker-start").waitFor();
  await expect.poll(() => connectionLabel(viewer.page)).toBe("Live");
  return { sessionId, ...viewer };
}

describe("viewer: live link", () => {
  it("shows each event as it is appended, with tool calls paired to their results", async () => {
    const { sessionId, page, problems, close } = await liveViewer();
    try {
      const latencies: number[] = [];
      for (const i of range(1, 5)) {
        const appendedAt = Date.now();
        await appendEvents(sessionId, [message(step(i))]);
        await page.getByText(step(i), { exact: true }).waitFor({ timeout: APPEAR_BUDGET_MS });
        latencies.push(Date.now() - appendedAt);
      }
      console.log(`[viewer-live] append-to-visible latency, ms: ${latencies.join(", ")}`);

      await appendEvents(sessionId, [
        { type: "thinking", summary: "Looking for the config loader", text: "It is probably in `src/config.ts`." },
        { type: "tool_call", callId: "call_1", tool: "read_file", input: { path: "src/config.ts" } },
      ]);
      const tool = page.locator(".vrow-tool").last();
      await tool.getByText("read_file").waitFor({ timeout: APPEAR_BUDGET_MS });
      await screenshot(page, "viewer-live-tool-running");
      await appendEvents(sessionId, [
        { type: "tool_result", callId: "call_1", output: "export const port = 8787;", isError: false, durationMs: 12 },
        message("The port is set in `src/config.ts`:\n\n```ts\nexport const port = 8787;\n```"),
      ]);
      await page.getByText("The port is set in").waitFor({ timeout: APPEAR_BUDGET_MS });
      // One row for the call and its result, no longer running.
      await expect.poll(() => page.locator(".vrow-tool").count()).toBe(1);
      await expect.poll(() => tool.locator(".pill").innerText()).toMatch(/ok/i);
      expect(await page.locator("pre code").count()).toBeGreaterThan(0);
      await screenshot(page, "viewer-live");
      expect(stepsIn(await allRowTexts(page))).toEqual(range(1, 5));
      expect(problems).toEqual([]);

      // The same link on a phone, in the dark.
      const phone = await openPage(browser, { width: 390, height: 844, colorScheme: "dark" });
      try {
        await phone.page.goto(page.url());
        await phone.page.getByText("The port is set in").waitFor();
        await screenshot(phone.page, "viewer-live-phone-dark");
        expect(phone.problems).toEqual([]);
      } finally {
        await phone.close();
      }
    } finally {
      await close();
    }
  });

  it("a reload mid-stream shows every event once, in order", async () => {
    const { sessionId, page, problems, close } = await liveViewer();
    const total = 40;
    try {
      const appending = appendSlowly(sessionId, range(1, total));
      await page.getByText(step(8), { exact: true }).waitFor();
      await page.reload();
      await page.locator(".marker-start").waitFor();
      const seenAfterReload = stepsIn(await allRowTexts(page));
      await appending;
      await page.getByText(step(total), { exact: true }).waitFor({ timeout: APPEAR_BUDGET_MS });
      expect(seenAfterReload.length, "the reload happened while events were still arriving").toBeLessThan(total);
      expect(stepsIn(await allRowTexts(page))).toEqual(range(1, total));
      await screenshot(page, "viewer-live-after-reload");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("resumes after the connection drops, without gaps or duplicates", async () => {
    const proxy = await startTcpProxy(baseUrl);
    const { sessionId, page, problems, close } = await liveViewer({ origin: proxy.url });
    try {
      await appendEvents(
        sessionId,
        range(1, 5).map((i) => message(step(i))),
      );
      await page.getByText(step(5), { exact: true }).waitFor({ timeout: APPEAR_BUDGET_MS });
      proxy.drop({ down: true });
      await expect.poll(() => connectionLabel(page), { timeout: 10_000 }).toBe("Reconnecting");
      await appendEvents(
        sessionId,
        range(6, 12).map((i) => message(step(i))),
      );
      await screenshot(page, "viewer-live-reconnecting");
      proxy.restore();
      await page.getByText(step(12), { exact: true }).waitFor({ timeout: RECONNECT_BUDGET_MS });
      await expect.poll(() => connectionLabel(page)).toBe("Live");
      // Dropped twice more while events keep coming (reconnecting at once): still each exactly once.
      const appending = appendSlowly(sessionId, range(13, 30));
      await page.getByText(step(16), { exact: true }).waitFor({ timeout: APPEAR_BUDGET_MS });
      proxy.drop({ down: false });
      await page.getByText(step(22), { exact: true }).waitFor({ timeout: RECONNECT_BUDGET_MS });
      proxy.drop({ down: false });
      await appending;
      await page.getByText(step(30), { exact: true }).waitFor({ timeout: RECONNECT_BUDGET_MS });
      expect(stepsIn(await allRowTexts(page))).toEqual(range(1, 30));
      expect(problems).toEqual([]);
    } finally {
      await close();
      await proxy.close();
    }
  });
});
