// Share links of Durable Streams (an ASP stream as `capi` writes it) in a real browser: the events
// render with the session renderer and arrive live, a prompt lands on `<stream>/prompts` as the ASP
// prompt body, read-only links have no prompt box, and a snapshot stops where the link was made.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../src/shared/schemas/common";
import { ShareLink } from "../../src/shared/schemas/shares";
import { connectionLabel, launchBrowser, openPage, screenshot } from "../helpers/browser";
import { api } from "../helpers/e2e-api";

/** An appended event must be on screen within this long (it usually takes a few tens of ms). */
const APPEAR_BUDGET_MS = 5_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type AspEvent = { type: string } & Record<string, unknown>;
const asp = (type: string, fields: Record<string, unknown> = {}): AspEvent => ({ v: 1, ts: Date.now(), type, ...fields });
const Items = z.array(z.looseObject({ type: z.string() }));
const PromptItem = z.object({ v: z.literal(1), ts: z.number(), type: z.literal("prompt"), text: z.string(), user: z.object({ name: z.string() }).optional() });

/** A fresh ASP session id and its live stream's path. */
function newStreamPath(): { aspSessionId: string; path: string } {
  const aspSessionId = `view-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return { aspSessionId, path: `asp/${aspSessionId}/live` };
}

async function createStream(path: string): Promise<void> {
  const res = await api("PUT", `/v1/stream/${path}`, undefined, { "content-type": "application/json" });
  if (res.status !== 201 && res.status !== 200) throw new Error(`PUT /v1/stream/${path}: ${res.status} ${await res.text()}`);
}

/** Appends the events as one JSON array (one append, as capi batches its lines). */
async function appendStream(path: string, events: readonly AspEvent[]): Promise<void> {
  const res = await api("POST", `/v1/stream/${path}`, events);
  if (res.status !== 204 && res.status !== 200) throw new Error(`POST /v1/stream/${path}: ${res.status} ${await res.text()}`);
}

async function readStream(path: string): Promise<z.output<typeof Items>> {
  const res = await api("GET", `/v1/stream/${path}?offset=-1`);
  if (res.status !== 200) throw new Error(`GET /v1/stream/${path}: ${res.status} ${await res.text()}`);
  return Items.parse(await res.json());
}

async function createStreamShare(stream: string, mode: "live" | "snapshot", canPrompt: boolean): Promise<z.output<typeof ShareLink>> {
  const res = await api("POST", "/v1/shares", { stream, mode, can_prompt: canPrompt });
  if (res.status !== 201) throw new Error(`POST /v1/shares: ${res.status} ${await res.text()}`);
  return ShareLink.parse(await res.json());
}

/** What capi writes at the start of a Claude Code session: init, the prompt, the answer, a tool round trip. */
const opening = (aspSessionId: string): AspEvent[] => [
  asp("session_init", { sessionId: aspSessionId, cwd: "/home/ana/shop", agent: "claude" }),
  asp("user_message", { text: "Why does checkout fail on empty carts?" }),
  asp("assistant_message", { text: "Let me look at the checkout handler." }),
  asp("tool_call", { callId: "toolu_1", tool: "Read", input: { file_path: "src/checkout.ts" } }),
  asp("tool_result", { callId: "toolu_1", output: "export function checkout(cart) { return cart.items[0].price; }", isError: false }),
];

async function openShare(code: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const viewer = await openPage(browser);
  const response = await viewer.page.goto(`/s/${code}`);
  expect(response?.status()).toBe(200);
  await viewer.page.locator(".timeline").getByText("Why does checkout fail on empty carts?").waitFor();
  return viewer;
}

const promptBox = (page: Page) => page.getByLabel("Prompt", { exact: true });

describe("viewer: stream share links", () => {
  it("renders an ASP stream live and appends a named prompt to its /prompts stream", async () => {
    const { aspSessionId, path } = newStreamPath();
    await createStream(path);
    await createStream(`${path}/prompts`);
    await appendStream(path, opening(aspSessionId));
    const share = await createStreamShare(path, "live", true);
    expect(share.url).toMatch(new RegExp(`/s/${share.code}$`));
    const { page, problems, close } = await openShare(share.code);
    try {
      await expect.poll(() => connectionLabel(page)).toBe("Live");
      await page.getByText("Let me look at the checkout handler.").waitFor();
      const tool = page.locator(".vrow-tool");
      await expect.poll(() => tool.count()).toBe(1);
      await tool.getByText("Read").waitFor();
      await expect.poll(() => tool.locator(".pill").innerText()).toMatch(/ok/i);
      await page.locator(".marker-start").waitFor();
      // No queue for a stream: neither the side panel's nor the narrow layout's.
      expect(await page.locator(".queue").count()).toBe(0);

      const appendedAt = Date.now();
      await appendStream(path, [asp("assistant_message", { text: "`cart.items[0]` is undefined when the cart is empty.", phase: "final" })]);
      await page.getByText("is undefined when the cart is empty.").waitFor({ timeout: APPEAR_BUDGET_MS });
      console.log(`[viewer-stream-share] append-to-visible latency: ${Date.now() - appendedAt} ms`);

      // A permission request shows, but a stream share has no way to answer it.
      await appendStream(path, [asp("permission_request", { requestId: "perm_1", tool: "Bash", input: { command: "npm test" } })]);
      await page.getByLabel("Permission request for Bash").waitFor({ timeout: APPEAR_BUDGET_MS });
      expect(await page.getByRole("button", { name: "Allow" }).count()).toBe(0);
      await screenshot(page, "viewer-stream-share-live");

      await page.getByLabel("Name").fill("Ada");
      await promptBox(page).fill("Guard against an empty cart, please.");
      const request = page.waitForRequest((req) => req.method() === "POST" && req.url().endsWith(`/v1/stream/${path}/prompts`));
      await promptBox(page).press("Enter");
      expect((await request).headers()["content-type"]).toBe("application/json");
      await page.getByRole("status").filter({ hasText: "Sent" }).waitFor();
      expect(await promptBox(page).inputValue()).toBe("");
      expect(await page.getByText(/queued/i).count()).toBe(0);
      await screenshot(page, "viewer-stream-share-sent");

      const prompts = (await readStream(`${path}/prompts`)).map((item) => PromptItem.parse(item));
      expect(prompts).toHaveLength(1);
      const [prompt] = prompts;
      expect(prompt?.text).toBe("Guard against an empty cart, please.");
      expect(prompt?.user).toEqual({ name: "Ada" });
      expect(Number.isInteger(prompt?.ts)).toBe(true);
      expect(Math.abs((prompt?.ts ?? 0) - Date.now())).toBeLessThan(60_000);
      // Nothing but the prompt went to the session's own stream.
      expect((await readStream(path)).filter((item) => item.type === "prompt")).toHaveLength(0);

      // Without a name, the prompt goes without `user`.
      await page.getByLabel("Name").fill("");
      await promptBox(page).fill("And add a test.");
      await promptBox(page).press("Enter");
      await expect.poll(async () => (await readStream(`${path}/prompts`)).length).toBe(2);
      const second = PromptItem.parse((await readStream(`${path}/prompts`))[1]);
      expect(second.text).toBe("And add a test.");
      expect(second.user).toBeUndefined();
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("shows the server's message when the prompts stream is gone, and keeps the text", async () => {
    const { aspSessionId, path } = newStreamPath();
    await createStream(path);
    await appendStream(path, opening(aspSessionId));
    const share = await createStreamShare(path, "live", true);
    // The share made the prompts stream; deleting it leaves the viewer's append nowhere to go.
    const deleted = await api("DELETE", `/v1/stream/${path}/prompts`);
    expect(deleted.status).toBe(204);
    const { page, problems, close } = await openShare(share.code);
    try {
      await promptBox(page).fill("Is anyone there?");
      const answer = page.waitForResponse((res) => res.request().method() === "POST" && res.url().endsWith(`/v1/stream/${path}/prompts`));
      await promptBox(page).press("Enter");
      expect((await answer).status()).toBe(404);
      const error = ErrorBody.parse(await (await answer).json());
      const alert = page.locator(".composer .inline-error");
      await alert.waitFor();
      expect(await alert.innerText()).toBe(error.message);
      expect(await promptBox(page).inputValue()).toBe("Is anyone there?");
      expect(await page.getByRole("status").filter({ hasText: "Sent" }).count()).toBe(0);
      await screenshot(page, "viewer-stream-share-prompt-error");
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a read-only link has no prompt box, and still follows the stream live", async () => {
    const { aspSessionId, path } = newStreamPath();
    await createStream(path);
    await appendStream(path, opening(aspSessionId));
    const readOnly = await createStreamShare(path, "live", false);
    const viewer = await openShare(readOnly.code);
    try {
      await expect.poll(() => connectionLabel(viewer.page)).toBe("Live");
      expect(await promptBox(viewer.page).count()).toBe(0);
      expect(await viewer.page.locator(".foot-note").innerText()).toMatch(/view only/i);
      await appendStream(path, [asp("assistant_message", { text: "Written after the viewer opened." })]);
      await viewer.page.getByText("Written after the viewer opened.").waitFor({ timeout: APPEAR_BUDGET_MS });
      await screenshot(viewer.page, "viewer-stream-share-read-only");
      expect(viewer.problems).toEqual([]);
    } finally {
      await viewer.close();
    }
  });

  it("a snapshot link shows the events appended before it was made, and none after", async () => {
    const { aspSessionId, path } = newStreamPath();
    await createStream(path);
    await appendStream(path, opening(aspSessionId));
    await appendStream(path, [asp("assistant_message", { text: "Written before the snapshot." })]);
    const snapshot = await createStreamShare(path, "snapshot", false);
    await appendStream(path, [asp("assistant_message", { text: "Written after the snapshot." })]);

    const frozen = await openShare(snapshot.code);
    try {
      await expect.poll(() => connectionLabel(frozen.page)).toBe("Snapshot");
      await frozen.page.getByText("Written before the snapshot.").waitFor();
      await expect.poll(() => frozen.page.locator(".vrow-tool").count()).toBe(1);
      expect(await frozen.page.getByText("Written after the snapshot.").count()).toBe(0);
      expect(await promptBox(frozen.page).count()).toBe(0);
      // Appended while it is open: still not shown.
      await appendStream(path, [asp("assistant_message", { text: "Written while the snapshot is open." })]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await frozen.page.getByText("Written while the snapshot is open.").count()).toBe(0);
      await screenshot(frozen.page, "viewer-stream-share-snapshot");
      expect(frozen.problems).toEqual([]);
    } finally {
      await frozen.close();
    }
  });
});
