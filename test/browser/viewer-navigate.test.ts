// Finding your way in a long session, in a real browser: deep links to an event (opened with the
// page and on hashchange) and each row's "Copy link to this event"; find in session over rows the
// virtualized list has not drawn (Ctrl+F, "1 of 3", Enter / Shift+Enter, Escape); the turn
// navigator (list, previous/next, Alt+arrows, [ and ]); downloads (JSONL equal to the stored log,
// Markdown with prompts and replies); the usage chart; the loading text; what snapshot and revoked
// pages leave out; announcements; and no accessibility violations in each of these states.
import { readFileSync } from "node:fs";
import type { Browser, Download, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { LeaseGrant } from "../../src/shared/schemas/agent";
import { PromptAccepted } from "../../src/shared/schemas/queue";
import { axeViolations, connectionLabel, launchBrowser, openPage, screenshot } from "../helpers/browser";
import { apiJson, baseUrl } from "../helpers/e2e-api";
import { type AgentEvent, appendEvents, createSession, createShare, type LoggedEvent, message, readLog, revokeShare } from "../helpers/e2e-sessions";

/** The word of the find test: in exactly three rows, far apart. */
const WORD = "zebrafish";
const FILLER_STEPS = 300;
/** The find test on a long session: rows, and the wait from typing to the match count (the search itself takes tens of ms). */
const BIG_COUNT = 10_000;
const FIND_BUDGET_MS = 2_000;
/** An open viewer of a revoked link notices within this long (the gateway rechecks every 5 s). */
const REVOKE_NOTICE_BUDGET_MS = 15_000;

interface Turn {
  prompt: string;
  events: AgentEvent[];
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

const TURNS: Turn[] = [
  {
    prompt: "Turn one: set up the project",
    events: [
      message("Setting up the project now."),
      message(`The ${WORD} module comes first.`),
      { type: "tool_call", callId: "c1", tool: "terminal", input: { command: "npm install" } },
      { type: "tool_result", callId: "c1", output: "added 12 packages", isError: false, durationMs: 900 },
    ],
    usage: { inputTokens: 1_200, outputTokens: 300, costUsd: 0.012 },
  },
  {
    prompt: "Turn two: run the tests",
    events: [
      { type: "tool_call", callId: "c2", tool: "terminal", input: { command: "npm test" } },
      { type: "tool_result", callId: "c2", output: `3 passing\n${WORD} suite ok`, isError: false, durationMs: 2_100 },
      message("Tests pass."),
    ],
    usage: { inputTokens: 2_400, outputTokens: 500, costUsd: 0.021 },
  },
  {
    prompt: "Turn three: write the docs",
    events: Array.from({ length: FILLER_STEPS }, (_, i) => message(`Docs step ${i + 1} written.`)),
    usage: { inputTokens: 5_000, outputTokens: 2_200, costUsd: 0.064 },
  },
  {
    prompt: "Turn four: wrap up",
    events: [{ type: "thinking", summary: `Checking the ${WORD} notes`, text: "Reading the notes once more." }, message("All done.")],
    usage: { inputTokens: 800, outputTokens: 150, costUsd: 0.007 },
  },
];
const LAST_TEXT = "All done.";

/** One prompt through the external runtime: submitted, leased, the agent's events, completed with usage. */
async function runTurn(sessionId: string, turn: Turn, index: number): Promise<void> {
  await apiJson(PromptAccepted, "POST", `/v1/sessions/${sessionId}/prompts`, { text: turn.prompt, promptId: `turn-${index + 1}`, user: { name: "Ada" } });
  const lease = await apiJson(LeaseGrant, "POST", `/v1/sessions/${sessionId}/agent/lease`, { wait_ms: 5_000 });
  await appendEvents(sessionId, turn.events);
  await apiJson(z.object({ promptId: z.string() }), "POST", `/v1/sessions/${sessionId}/agent/complete`, {
    leaseId: lease.leaseId,
    success: true,
    usage: turn.usage,
  });
}

interface Fixture {
  sessionId: string;
  code: string;
  log: LoggedEvent[];
}

async function buildSession(turns: readonly Turn[], after: readonly AgentEvent[] = [], canPrompt = false): Promise<Fixture> {
  const sessionId = await createSession("external");
  for (const [index, turn] of turns.entries()) await runTurn(sessionId, turn, index);
  if (after.length > 0) await appendEvents(sessionId, after);
  const share = await createShare(sessionId, "live", canPrompt);
  return { sessionId, code: share.code, log: await readLog(sessionId) };
}

function offsetOf(log: readonly LoggedEvent[], test: (event: LoggedEvent) => boolean): string {
  const event = log.find(test);
  if (!event) throw new Error("no such event in the log");
  return event.offset;
}

let browser: Browser;
let big: Fixture;
beforeAll(async () => {
  browser = await launchBrowser();
  big = await buildSession(TURNS);
});
afterAll(async () => {
  await browser?.close();
});

const target = (page: Page): Locator => page.locator(".timeline .vrow.is-target");
const targetKey = (page: Page): Promise<string | null> => target(page).getAttribute("data-key");

/** Whether the element overlaps the transcript's visible area. */
function onScreen(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const timeline = element.closest(".timeline");
    if (!timeline) return false;
    const box = element.getBoundingClientRect();
    const view = timeline.getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom && box.height > 0;
  });
}

async function expectTarget(page: Page, key: string): Promise<void> {
  await expect.poll(() => targetKey(page)).toBe(key);
  await expect.poll(() => onScreen(target(page))).toBe(true);
  expect(await target(page).count()).toBe(1);
}

async function openViewer(path: string, options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {}) {
  const viewer = await openPage(browser, options);
  await viewer.page.goto(path);
  return viewer;
}

async function saved(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, "utf8");
}

describe("viewer: finding your way in a long session", () => {
  it("opens a deep link at its event, outlined, and each row's link button copies the exact URL", async () => {
    const early = offsetOf(big.log, (event) => event.type === "assistant_message" && event.text === "Setting up the project now.");
    const { page, problems, close } = await openViewer(`/s/${big.code}`);
    try {
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
      await page.getByText(LAST_TEXT).waitFor();
      // The session is long enough that its start is not drawn when the viewer opens at the latest rows.
      expect(await page.locator(".timeline .vrow").count()).toBeLessThan(100);
      expect(await page.getByText("Setting up the project now.").count()).toBe(0);

      // A hash set on the open page (hashchange) goes there too.
      await page.evaluate((offset) => {
        window.location.hash = offset;
      }, early);
      await expectTarget(page, early);
      expect(await target(page).innerText()).toContain("Setting up the project now.");

      // The link button of that row, shown on hover, copies the page address with its offset.
      await target(page).hover();
      const link = target(page).getByRole("button", { name: "Copy link to this event" });
      await link.click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseUrl}/s/${big.code}#${early}`);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }

    // Opening the copied link: straight to the event, outlined.
    const opened = await openViewer(`/s/${big.code}#${early}`);
    try {
      await expectTarget(opened.page, early);
      expect(await opened.page.getByText(LAST_TEXT).count()).toBe(0);
      await screenshot(opened.page, "viewer-deep-link");
      expect(await axeViolations(opened.page)).toEqual([]);

      // An offset this session never had: a notice, dismissible.
      await opened.page.evaluate(() => {
        window.location.hash = "9999999999999999_9999999999999999";
      });
      const notice = opened.page.getByText("That event is not in this session");
      await notice.waitFor();
      await opened.page.getByRole("button", { name: "Dismiss notice" }).click();
      await expect.poll(() => notice.count()).toBe(0);
      // The outline stays on the last target meanwhile.
      expect(await targetKey(opened.page)).toBe(early);
      expect(opened.problems).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it("finds a word in every row, drawn or not: Ctrl+F, 1 of 3, Enter / Shift+Enter, arrows, Escape", async () => {
    const matches = [
      offsetOf(big.log, (event) => event.type === "assistant_message" && event.text?.includes(WORD) === true),
      offsetOf(big.log, (event) => event.type === "tool_call" && event.callId === "c2"),
      offsetOf(big.log, (event) => event.type === "thinking"),
    ];
    const { page, problems, close } = await openViewer(`/s/${big.code}`);
    try {
      await page.getByText(LAST_TEXT).waitFor();
      const timeline = page.locator(".timeline");
      await timeline.focus();
      await page.keyboard.press("Control+f");
      const field = page.getByRole("searchbox", { name: "Find in session" });
      await field.waitFor();
      await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
      await field.pressSequentially(WORD.toUpperCase());
      const count = page.locator(".find-count");
      await expect.poll(() => count.innerText()).toBe("1 of 3");
      await expectTarget(page, matches[0] ?? "");
      // The matched text in the rows on screen is highlighted (CSS Custom Highlight API).
      await expect.poll(() => page.evaluate(() => CSS.highlights.get("find-current")?.size ?? 0)).toBeGreaterThan(0);
      await screenshot(page, "viewer-find");
      expect(await axeViolations(page)).toEqual([]);

      await field.press("Enter");
      await expect.poll(() => count.innerText()).toBe("2 of 3");
      await expectTarget(page, matches[1] ?? "");
      await field.press("Enter");
      await expect.poll(() => count.innerText()).toBe("3 of 3");
      await expectTarget(page, matches[2] ?? "");
      await field.press("Enter");
      await expect.poll(() => count.innerText()).toBe("1 of 3");
      await expectTarget(page, matches[0] ?? "");
      await field.press("Shift+Enter");
      await expect.poll(() => count.innerText()).toBe("3 of 3");
      await expectTarget(page, matches[2] ?? "");
      await page.getByRole("button", { name: "Previous match" }).click();
      await expect.poll(() => count.innerText()).toBe("2 of 3");
      await expectTarget(page, matches[1] ?? "");
      await page.getByRole("button", { name: "Next match" }).click();
      await expect.poll(() => count.innerText()).toBe("3 of 3");

      await field.fill("no such words in this session");
      await expect.poll(() => count.innerText()).toBe("No matches");

      // Escape closes the bar and gives focus back to where it was.
      await field.press("Escape");
      await expect.poll(() => field.count()).toBe(0);
      expect(await timeline.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await page.evaluate(() => CSS.highlights.has("find"))).toBe(false);
      // The header button opens it too.
      await page.getByRole("button", { name: "Find", exact: true }).click();
      await field.waitFor();
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("finds in a 10,000-event session without stalling: the first search indexes every row once", async () => {
    const sessionId = await createSession("external");
    const events = Array.from({ length: BIG_COUNT }, (_, i) => message(`Row ${i + 1}: ${i % 1_000 === 999 ? "a rare marmot sighting" : "routine work"}`));
    await appendEvents(sessionId, events);
    const share = await createShare(sessionId, "live");
    const { page, problems, close } = await openViewer(`/s/${share.code}`);
    try {
      await page.getByText(`Row ${BIG_COUNT}: `).waitFor({ timeout: 30_000 });
      await page.locator(".timeline").focus();
      await page.keyboard.press("Control+f");
      const field = page.getByRole("searchbox", { name: "Find in session" });
      const count = page.locator(".find-count");
      const timed = async (query: string, expected: string): Promise<number> => {
        const started = Date.now();
        await field.fill(query);
        await expect.poll(() => count.innerText(), { interval: 10 }).toBe(expected);
        return Date.now() - started;
      };
      const first = await timed("marmot", "1 of 10");
      const again = await timed("routine work", `1 of ${BIG_COUNT - 10}`);
      console.log(
        `[viewer-navigate] find over ${BIG_COUNT} rows, from typing to the count: first ${first} ms, again ${again} ms (budget ${FIND_BUDGET_MS} ms)`,
      );
      expect(first).toBeLessThan(FIND_BUDGET_MS);
      expect(again).toBeLessThan(FIND_BUDGET_MS);
      expect(await target(page).innerText()).toContain("Row 1: routine work");
      expect(await page.locator(".timeline .vrow").count()).toBeLessThan(100);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("lists the turns and jumps between them: the list, previous/next, Alt+arrows, [ and ]", async () => {
    const prompts = TURNS.map((turn) => offsetOf(big.log, (event) => event.type === "user_message" && event.text === turn.prompt));
    const { page, problems, close } = await openViewer(`/s/${big.code}`);
    try {
      await page.getByText(LAST_TEXT).waitFor();
      const turns = page.locator(".side .turns");
      await expect.poll(() => turns.locator(".turn-item").count()).toBe(TURNS.length);
      expect(await turns.locator(".turn-item").nth(1).innerText()).toContain("Turn two: run the tests");

      await turns.getByRole("button", { name: /^Turn 2: Turn two/ }).click();
      await expectTarget(page, prompts[1] ?? "");
      expect(await turns.getByRole("button", { name: /^Turn 2: / }).getAttribute("aria-current")).toBe("true");
      await turns.getByRole("button", { name: "Next turn" }).click();
      await expectTarget(page, prompts[2] ?? "");
      await turns.getByRole("button", { name: "Previous turn" }).click();
      await expectTarget(page, prompts[1] ?? "");
      await turns.getByRole("button", { name: "Previous turn" }).click();
      await expectTarget(page, prompts[0] ?? "");
      await screenshot(page, "viewer-turns");
      expect(await axeViolations(page)).toEqual([]);

      await page.keyboard.press("Alt+ArrowDown");
      await expectTarget(page, prompts[1] ?? "");
      await page.locator(".timeline").focus();
      await page.keyboard.press("]");
      await expectTarget(page, prompts[2] ?? "");
      await page.keyboard.press("]");
      await expectTarget(page, prompts[3] ?? "");
      await page.keyboard.press("[");
      await expectTarget(page, prompts[2] ?? "");
      await page.keyboard.press("Alt+ArrowUp");
      await expectTarget(page, prompts[1] ?? "");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("charts tokens per turn, one bar per turn with usage, with each turn's numbers on hover", async () => {
    const { page, problems, close } = await openViewer(`/s/${big.code}`);
    try {
      await page.getByText(LAST_TEXT).waitFor();
      const chart = page.locator(".side .usage");
      await expect.poll(() => chart.locator(".usage-svg .usage-bar").count()).toBe(TURNS.length);
      expect(await chart.locator(".usage-hit").count()).toBe(TURNS.length);
      expect(await chart.getByRole("img").getAttribute("aria-label")).toMatch(
        /^Tokens per turn: 4 turns, 9\.4k in and 3\.\dk out in all, \$0\.1040; the most tokens in turn 3\.$/,
      );
      await chart.locator(".usage-hit").nth(1).hover();
      await expect.poll(() => chart.locator(".usage-readout").innerText()).toBe("Turn 2 · 2.4k in · 500 out · $0.0210");
      expect(await chart.getByRole("button", { name: "Turn 3: 5.0k in · 2.2k out · $0.0640" }).count()).toBe(1);
      await screenshot(page, "viewer-usage-chart");

      // Keyboard: one tab stop, arrows move between the bars; Enter scrolls to the end of that turn.
      await chart.locator(".usage-hit").nth(3).focus();
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => chart.locator(".usage-readout").innerText()).toMatch(/^Turn 3 · /);
      await page.keyboard.press("Enter");
      const thirdEnd = big.log.filter((event) => event.type === "turn_complete")[2]?.offset ?? "";
      await expectTarget(page, thirdEnd);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("downloads the events as JSONL, equal to the stored log, and the transcript as Markdown", async () => {
    const { page, problems, close } = await openViewer(`/s/${big.code}`);
    try {
      await page.getByText(LAST_TEXT).waitFor();
      const menu = page.getByRole("button", { name: "Download" });
      await menu.click();
      const [jsonl] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "JSONL (events)" }).click()]);
      expect(jsonl.suggestedFilename()).toBe(`session-${big.sessionId}.jsonl`);
      const text = await saved(jsonl);
      expect(text.endsWith("\n")).toBe(true);
      const lines = text.trimEnd().split("\n");
      expect(lines.map((line): unknown => JSON.parse(line))).toEqual(await readLog(big.sessionId));

      await menu.click();
      const [markdown] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Markdown" }).click()]);
      expect(markdown.suggestedFilename()).toBe(`session-${big.sessionId}.md`);
      const doc = await saved(markdown);
      for (const turn of TURNS) expect(doc).toContain(`**Ada**: ${turn.prompt}`);
      expect(doc).toContain("Tests pass.");
      expect(doc).toContain(`Docs step ${FILLER_STEPS} written.`);
      expect(doc).toContain("**Tool** `terminal`: npm test");
      expect(doc).toContain(`> _Thinking:_ Checking the ${WORD} notes`);
      expect(doc).toMatch(/_Turn 2 complete · [^_\n]*2\.4k in · 500 out · \$0\.0210_/);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("says it is loading, never 'Nothing has happened yet.', until the log has been read; and says so when it cannot be", async () => {
    const { page, problems, close } = await openPage(browser);
    try {
      await page.addInitScript(() => {
        const seen: string[] = [];
        Reflect.set(window, "emptyTextsSeen", seen);
        const note = (): void => {
          for (const element of document.querySelectorAll(".timeline-empty")) seen.push(element.textContent ?? "");
        };
        new MutationObserver(note).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await page.goto(`/s/${big.code}`, { waitUntil: "commit" });
      await page.getByText(LAST_TEXT).waitFor();
      const seen = await page.evaluate((): unknown => Reflect.get(window, "emptyTextsSeen"));
      expect(seen).toContain("Loading the session…");
      expect(seen).not.toContain("Nothing has happened yet.");

      // Every read of the log fails: the page says so (an alert) and keeps trying.
      await page.route(/\/v1\/sessions\/[^/]+\/events/, (route) => route.fulfill({ status: 503, contentType: "application/json", body: "{}" }));
      await page.reload();
      const failure = page.getByRole("alert").filter({ hasText: "Could not load this session. Retrying…" });
      await failure.waitFor();
      expect(await page.getByText("Nothing has happened yet.").count()).toBe(0);
      await page.unroute(/\/v1\/sessions\/[^/]+\/events/);
      await page.getByText(LAST_TEXT).waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("on a phone in the dark: the header's tools fit, the turns open in a panel, no violations", async () => {
    const { page, problems, close } = await openViewer(`/s/${big.code}`, { width: 390, height: 844, colorScheme: "dark" });
    try {
      await page.getByText(LAST_TEXT).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.locator(".side").count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      const open = page.getByRole("button", { name: "Turns" });
      await open.click();
      const panel = page.locator("#turns-panel");
      await panel.waitFor();
      expect(await panel.locator(".turn-item").count()).toBe(TURNS.length);
      await screenshot(page, "viewer-phone-dark");
      expect(await axeViolations(page)).toEqual([]);
      const second = offsetOf(big.log, (event) => event.type === "user_message" && event.text === TURNS[1]?.prompt);
      await panel.getByRole("button", { name: /^Turn 2: / }).click();
      await expect.poll(() => panel.count()).toBe(0);
      await expectTarget(page, second);
      // Escape closes the panel and gives focus back to its button.
      await open.click();
      await panel.waitFor();
      await page.keyboard.press("Escape");
      await expect.poll(() => panel.count()).toBe(0);
      expect(await open.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("viewer: controls that no longer apply are gone", () => {
  const permission: AgentEvent = { type: "permission_request", requestId: "perm-1", tool: "file_write", input: { path: "NOTES.md" } };

  it("a snapshot has no queue, prompt box or permission buttons; a revoked link no queue, prompt box or links", async () => {
    const small = await buildSession(TURNS.slice(0, 1), [permission], true);
    const live = await openViewer(`/s/${small.code}`);
    try {
      const { page } = live;
      await page.locator(".vrow-permission").waitFor();
      await expect.poll(() => connectionLabel(page)).toBe("Live");
      // What a live link that may prompt has, for contrast.
      await page.getByRole("button", { name: "Allow", exact: true }).waitFor();
      await page.getByLabel("Prompt", { exact: true }).waitFor();
      expect(await page.locator(".side .queue").count()).toBe(1);
      expect(await page.getByRole("button", { name: "Copy link", exact: true }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Copy link to this event" }).count()).toBeGreaterThan(0);
      // Nothing is announced for what was there at load; a waiting permission request is.
      await expect.poll(() => page.locator(".app > [role=alert]").innerText()).toMatch(/^Permission requested: file_write/);
      expect(await page.locator(".app > [aria-live=polite]").innerText()).toBe("");
      // News after the load is announced, in one batch.
      await appendEvents(small.sessionId, [message("Here is one more thing.")]);
      await page.getByText("Here is one more thing.").waitFor();
      await expect.poll(() => page.locator(".app > [aria-live=polite]").innerText()).toMatch(/ replied\s*$/);
      expect(live.problems).toEqual([]);

      const snapshot = await createShare(small.sessionId, "snapshot");
      const frozen = await openViewer(`/s/${snapshot.code}`);
      try {
        await frozen.page.locator(".vrow-permission").waitFor();
        await expect.poll(() => connectionLabel(frozen.page)).toBe("Snapshot");
        expect(await frozen.page.locator(".queue, .queue-drawer").count()).toBe(0);
        expect(await frozen.page.getByRole("button", { name: "Allow", exact: true }).count()).toBe(0);
        expect(await frozen.page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
        expect(await frozen.page.locator(".foot-note").innerText()).toContain("snapshot");
        expect(await axeViolations(frozen.page)).toEqual([]);
        expect(frozen.problems).toEqual([]);
      } finally {
        await frozen.close();
      }

      await revokeShare(small.code);
      await expect.poll(() => connectionLabel(page), { timeout: REVOKE_NOTICE_BUDGET_MS }).toBe("Link revoked");
      expect(await page.locator(".foot-note").innerText()).toContain("revoked");
      expect(await page.locator(".queue, .queue-drawer").count()).toBe(0);
      expect(await page.getByLabel("Prompt", { exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Allow", exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Copy link", exact: true }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Copy link to this event" }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(live.problems).toEqual([]);
    } finally {
      await live.close();
    }
  });
});
