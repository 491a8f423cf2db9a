// The hosted connect page in a real browser: a connect link shows the server's secret fields as
// password inputs, submits once and lands on the redirect with status=connected (here the
// gateway's own /connect/done page); the used link then shows the "ended" page; no script errors
// or CSP violations along the way.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConnectionList, ConnectLink } from "../../src/shared/schemas/connections";
import { api, apiJson, baseUrl } from "../helpers/e2e-api";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";

const SERVER_ID = `connect-page-${Date.now().toString(36)}`;
const USER = "browser-user";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  await apiJson(z.unknown(), "POST", "/v1/servers", {
    id: SERVER_ID,
    name: "Acme Pay",
    url: "https://acme-pay.example.com/mcp",
    auth_type: "api_key",
    connect_fields: [
      { name: "api_key", header: "authorization", label: "API key", hint: "Dashboard > Developers", prefix: "Bearer " },
      { name: "account", header: "x-account", label: "Account id" },
    ],
  });
});
afterAll(async () => {
  await api("DELETE", `/v1/servers/${SERVER_ID}`);
  await browser?.close();
});

describe("connect page", () => {
  it("takes the fields, connects once and returns the user; the used link has ended", async () => {
    const link = await apiJson(ConnectLink, "POST", "/v1/connect/start", { server_id: SERVER_ID, user_id: USER, redirect_uri: `${baseUrl}/connect/done` });
    const { page, problems, close } = await openPage(browser);
    try {
      await page.goto(new URL(link.authorize_url).pathname);
      await page.getByRole("heading", { name: "Connect Acme Pay" }).waitFor();
      const key = page.getByLabel("API key");
      expect(await key.getAttribute("type")).toBe("password");
      await expect.poll(() => page.getByRole("button", { name: "Connect" }).isDisabled()).toBe(true);
      await key.fill("sk_browser_secret");
      await page.getByLabel("Account id").fill("acct_9");
      await screenshot(page, "connect-page");
      await page.getByRole("button", { name: "Connect" }).click();
      await page.waitForURL((url) => url.pathname === "/connect/done");
      expect(new URL(page.url()).searchParams.get("status")).toBe("connected");
      await page.getByRole("heading", { name: "Connected" }).waitFor();
      expect(await page.content()).not.toContain("sk_browser_secret");

      await page.goto(new URL(link.authorize_url).pathname);
      await page.getByText("This link has ended").waitFor();
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
    const rows = await apiJson(ConnectionList, "GET", `/v1/connections?user_id=${USER}&server_id=${SERVER_ID}`);
    expect(rows.connections.map((row) => row.status)).toEqual(["connected"]);
  });

  it("shows the friendly page for a link that does not exist", async () => {
    const { page, problems, close } = await openPage(browser);
    try {
      const res = await page.goto("/connect/cl_doesnotexist000000000000000000000");
      expect(res?.status()).toBe(404);
      await page.getByText("Link not found").waitFor();
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
