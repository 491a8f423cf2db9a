// Every screen state of the viewer in a real browser, each checked with axe-core (zero violations):
// a live session (light, dark, phone), a snapshot, a revoked link, an expired link, a failed token
// exchange, events that never load, and an address without a code. Along the way: copying a message
// and a code block, task lists without bullets, permission answers with the agent's options and the
// viewer's name, the agent's own name and model in the header, Enter on a phone, and the server's
// error page drawn like the app's own.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, openPage, screenshot } from "../helpers/browser";
import { objectContaining } from "../helpers/matchers";
import { type AgentEvent, appendEvents, createSession, createShare, readLog, revokeShare } from "../helpers/e2e-sessions";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const REPLY = "Here is the plan:\n\n- [x] read the code\n- [ ] run the tests\n\n```ts\nconst answer = 42;\n```";
const OPTIONS = [
  { optionId: "once", name: "Allow once", kind: "allow_once" },
  { optionId: "always", name: "Always allow npm", kind: "allow_always" },
  { optionId: "no", name: "Refuse", kind: "reject_once" },
];
const EVENTS: AgentEvent[] = [
  { type: "agent_info", name: "Claude Code", model: "claude-sonnet-4-5" },
  { type: "assistant_message", text: REPLY },
  { type: "permission_request", requestId: "perm-1", tool: "terminal", input: { command: "npm publish" }, options: OPTIONS },
];

async function liveSession(canPrompt = true): Promise<{ sessionId: string; code: string }> {
  const sessionId = await createSession("external");
  await appendEvents(sessionId, EVENTS);
  const share = await createShare(sessionId, "live", canPrompt);
  return { sessionId, code: share.code };
}

async function expectNoViolations(page: Page, state: string): Promise<void> {
  expect(await axeViolations(page), state).toEqual([]);
}

/** The styles that make the unavailable card look the way it does. */
function cardStyle(page: Page) {
  return page.locator(".screen-card").evaluate((card) => {
    const style = getComputedStyle(card);
    const title = card.querySelector("h1");
    return {
      background: style.backgroundColor,
      radius: style.borderRadius,
      padding: style.padding,
      border: style.borderColor,
      titleSize: title ? getComputedStyle(title).fontSize : null,
      screen: card.parentElement ? getComputedStyle(card.parentElement).backgroundColor : null,
    };
  });
}

describe("viewer: screen states", () => {
  it("a live session: copy, task lists, the agent's name, permission options answered with the viewer's name", async () => {
    const { sessionId, code } = await liveSession();
    const { page, problems, close } = await openPage(browser);
    try {
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.goto(`/s/${code}`);
      await page.getByRole("heading", { level: 1, name: "Claude Code" }).waitFor();
      expect(await page.locator(".top .model").innerText()).toBe("claude-sonnet-4-5");
      const reply = page.getByRole("article", { name: "Claude Code message" });
      await reply.locator(".md-code").waitFor();

      await reply.getByRole("button", { name: "Copy message" }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(REPLY);
      await reply.getByRole("button", { name: "Copy code" }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("const answer = 42;");
      // The language sits in a bar above the code, not over its first line.
      const [label, block] = await Promise.all([reply.locator(".md-code-lang").boundingBox(), reply.locator(".md-code pre").boundingBox()]);
      expect(label && block && label.y + label.height <= block.y).toBe(true);
      const bullets = await reply.locator(".md li").evaluateAll((items) => items.map((item) => getComputedStyle(item).listStyleType));
      expect(bullets).toEqual(["none", "none"]);

      const actions = page.getByRole("group", { name: "Answer the request for terminal" });
      expect(await actions.getByRole("button").allInnerTexts()).toEqual(["Allow once", "Always allow npm", "Refuse"]);
      await page.getByLabel("Name").fill("Ada");
      await screenshot(page, "viewer-state-live");
      await expectNoViolations(page, "live");
      await actions.getByRole("button", { name: "Always allow npm" }).click();
      await page.getByText("Allowed for the session by Ada").waitFor();
      const answers = (await readLog(sessionId)).filter((event) => event.type === "permission_response");
      expect(answers).toEqual([objectContaining({ requestId: "perm-1", decision: "allow_session", optionId: "always", user: { name: "Ada" } })]);
      await expectNoViolations(page, "live, answered");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("dark mode and a phone: no violations, and on a phone Enter is a new line", async () => {
    const { code } = await liveSession();
    const dark = await openPage(browser, { colorScheme: "dark" });
    try {
      await dark.page.goto(`/s/${code}`);
      await dark.page.locator(".md-code").waitFor();
      await screenshot(dark.page, "viewer-state-dark");
      await expectNoViolations(dark.page, "dark");
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.close();
    }
    const phone = await openPage(browser, { width: 390, height: 844, mobile: true, colorScheme: "dark" });
    try {
      const { page } = phone;
      await page.goto(`/s/${code}`);
      await page.locator(".md-code").waitFor();
      const box = page.getByLabel("Prompt", { exact: true });
      await box.fill("first line");
      await box.press("Enter");
      await box.pressSequentially("second line");
      expect(await box.inputValue()).toBe("first line\nsecond line");
      expect(await page.locator("#prompt-hint").innerText()).toBe("Send with the button");
      await screenshot(page, "viewer-state-phone");
      await expectNoViolations(page, "phone, dark");
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it("a snapshot and a revoked link keep only what still applies", async () => {
    const sessionId = await createSession("external");
    await appendEvents(sessionId, EVENTS);
    const snapshot = await createShare(sessionId, "snapshot");
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(`/s/${snapshot.code}`);
      await page.locator(".md-code").waitFor();
      expect(await page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
      expect(await page.getByRole("group", { name: /Answer the request/ }).count()).toBe(0);
      await screenshot(page, "viewer-state-snapshot");
      await expectNoViolations(page, "snapshot");

      const live = await createShare(sessionId, "live", true);
      await page.goto(`/s/${live.code}`);
      await page.getByRole("group", { name: /Answer the request/ }).waitFor();
      await revokeShare(live.code);
      await page.getByText("This link was revoked", { exact: false }).first().waitFor({ timeout: 15_000 });
      expect(await page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
      expect(await page.getByRole("group", { name: /Answer the request/ }).count()).toBe(0);
      await screenshot(page, "viewer-state-revoked");
      await expectNoViolations(page, "revoked");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("links that do not open say why, on the server's page and the app's alike", async () => {
    const { code } = await liveSession(false);
    const { page, problems, close } = await openPage(browser);
    try {
      // The server's page for an address cut off before its code.
      const cut = await page.goto("/s/");
      expect(cut?.status()).toBe(404);
      await page.getByRole("heading", { name: "Link not found" }).waitFor();
      await expectNoViolations(page, "no code");
      const serverCard = await cardStyle(page);

      // The app's own card when the code expired between the page and the token exchange.
      await page.route("**/api/shares/*/token", (route) =>
        route.fulfill({
          status: 410,
          contentType: "application/json",
          body: JSON.stringify({ error: "share_expired", code: "share_expired", message: "The share link has expired" }),
        }),
      );
      await page.goto(`/s/${code}`);
      await page.getByRole("heading", { name: "This link has expired" }).waitFor();
      await screenshot(page, "viewer-state-expired");
      await expectNoViolations(page, "expired");
      expect(await cardStyle(page)).toEqual(serverCard);

      await page.unroute("**/api/shares/*/token");
      await page.route("**/api/shares/*/token", (route) =>
        route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: "unavailable", code: "unavailable", message: "Try again soon" }),
        }),
      );
      await page.goto(`/s/${code}`);
      await page.getByRole("heading", { name: "Couldn't open this session" }).waitFor();
      await page.getByRole("button", { name: "Try again" }).waitFor();
      await screenshot(page, "viewer-state-error");
      await expectNoViolations(page, "error");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("events that never load say so, with no prompt box", async () => {
    const { code } = await liveSession();
    const { page, problems, close } = await openPage(browser);
    try {
      await page.route("**/v1/sessions/*/events?**", (route) => route.abort("connectionrefused"));
      await page.goto(`/s/${code}`);
      await page.getByText("Could not load this session").waitFor({ timeout: 15_000 });
      expect(await page.getByText("Nothing has happened yet.").count()).toBe(0);
      expect(await page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
      await screenshot(page, "viewer-state-events-failing");
      await expectNoViolations(page, "events failing");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
