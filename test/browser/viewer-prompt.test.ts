// Prompting from a share link in a real browser: the prompt shows as queued at once (with its place
// in the queue panel), then turns into the delivered message, matched by promptId, never twice.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers/e2e-api";
import { connectionLabel, launchBrowser, openPage, screenshot } from "../helpers/browser";
import { createSession, createShare, readLog } from "../helpers/e2e-sessions";

/** The local provider answers at once; allow for a loaded machine. */
const ANSWER_BUDGET_MS = 10_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function promptableViewer() {
  const sessionId = await createSession("managed");
  const share = await createShare(sessionId, "live", true);
  const viewer = await openPage(browser);
  await viewer.page.goto(`/s/${share.code}`);
  await viewer.page.locator(".marker-start").waitFor();
  await expect.poll(() => connectionLabel(viewer.page)).toBe("Live");
  return { sessionId, ...viewer };
}

/** Types a prompt and presses Enter; resolves to the promptId the viewer sent. */
async function sendPrompt(page: Page, text: string): Promise<string> {
  const box = page.getByLabel("Prompt", { exact: true });
  await box.fill(text);
  const request = page.waitForRequest((req) => req.method() === "POST" && /\/v1\/sessions\/[^/]+\/prompts$/.test(req.url()));
  await box.press("Enter");
  const body: unknown = (await request).postDataJSON();
  if (typeof body !== "object" || body === null || !("promptId" in body) || typeof body.promptId !== "string") {
    throw new Error(`the viewer sent no promptId: ${JSON.stringify(body)}`);
  }
  return body.promptId;
}

describe("viewer: prompting", () => {
  it("shows a submitted prompt as queued, then as the delivered message with its answer, once", async () => {
    const { sessionId, page, problems, close } = await promptableViewer();
    try {
      await page.getByLabel("Name").fill("Ada");
      // Paused, so the prompt waits in the queue long enough to be seen there.
      expect((await api("POST", `/v1/sessions/${sessionId}/queue/pause`)).status).toBe(200);
      const promptId = await sendPrompt(page, "hello from the browser");
      const pending = page.getByRole("article", { name: "Your prompt, Queued" });
      await pending.waitFor();
      expect(await pending.innerText()).toContain("hello from the browser");
      const queued = page.locator(".side .queue-item.is-mine");
      await expect.poll(() => queued.innerText()).toMatch(/hello from the browser[\s\S]*Ada \(you\) · Waiting, position 1/);
      expect(await page.getByLabel("Prompt", { exact: true }).inputValue()).toBe("");
      // Waiting, it is in the transcript once: the log's own queued line gives way to this viewer's pending row.
      await expect.poll(() => readLog(sessionId).then((log) => log.some((e) => e.type === "prompt_queued" && e.promptId === promptId))).toBe(true);
      expect(await page.locator(".timeline").getByText("hello from the browser").count()).toBe(1);
      await screenshot(page, "viewer-prompt-queued");

      expect((await api("POST", `/v1/sessions/${sessionId}/queue/resume`)).status).toBe(200);
      await page.getByText("You said: hello from the browser").waitFor({ timeout: ANSWER_BUDGET_MS });
      await expect.poll(() => page.locator(".msg-pending").count()).toBe(0);
      await expect.poll(() => page.locator(".side .queue-item").count()).toBe(0);
      expect(await page.getByRole("article", { name: "Prompt from Ada" }).count()).toBe(1);
      // The answer streams in pieces before the whole message: one message on screen all the same.
      expect(await page.getByText("You said: hello from the browser").count()).toBe(1);
      await screenshot(page, "viewer-prompt-answered");

      const log = await readLog(sessionId);
      expect(log.filter((e) => e.type === "user_message" && e.promptId === promptId)).toHaveLength(1);
      expect(log.filter((e) => e.type === "prompt_queued" && e.promptId === promptId)).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("Shift+Enter adds a line, Enter sends; a tool-running prompt shows its tool call; the name is remembered", async () => {
    const { page, problems, close } = await promptableViewer();
    try {
      await page.getByLabel("Name").fill("Grace");
      const box = page.getByLabel("Prompt", { exact: true });
      await box.fill("first line");
      await box.press("Shift+Enter");
      await box.pressSequentially("second line");
      expect(await box.inputValue()).toBe("first line\nsecond line");
      await sendPrompt(page, await box.inputValue());
      await page.getByText("second line").last().waitFor();
      await page.getByText(/You said: first line/).waitFor({ timeout: ANSWER_BUDGET_MS });

      await sendPrompt(page, "call codespar_list_tools {}");
      const tool = page.locator(".vrow-tool").last();
      await tool.getByText("codespar_list_tools").waitFor({ timeout: ANSWER_BUDGET_MS });
      await expect.poll(() => tool.locator(".pill").innerText(), { timeout: ANSWER_BUDGET_MS }).toMatch(/ok/i);
      await tool.locator(".tool-head").click();
      await tool.locator(".tool-body").waitFor();
      await screenshot(page, "viewer-prompt-tool");
      expect(await page.getByRole("article", { name: "Prompt from Grace" }).count()).toBe(2);

      await page.reload();
      await page.locator(".marker-start").waitFor();
      expect(await page.getByLabel("Name").inputValue()).toBe("Grace");
      expect(await page.getByRole("article", { name: "Prompt from Grace" }).count()).toBe(2);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
