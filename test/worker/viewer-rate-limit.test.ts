// Guessing share codes is rate-limited per client (the SHARE_LOOKUPS binding, keyed by
// CF-Connecting-IP) on both doors that look a code up: the page and the token exchange.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clientKey, SHARE_LOOKUP_LIMIT, SHARE_LOOKUP_PERIOD_S } from "../../src/services/share-access";
import { randomBase62 } from "../../src/shared/ids";
import { expectError } from "../helpers/worker-assert";

const PERIOD_MS = SHARE_LOOKUP_PERIOD_S * 1000;
/** Longer than the burst takes: the binding's window is aligned to the clock, so start the burst early in one. */
const BURST_BUDGET_MS = 20_000;

const guess = (ip: string) => SELF.fetch(`http://gateway.test/api/shares/${randomBase62(12)}/token`, { method: "POST", headers: { "cf-connecting-ip": ip } });
/** A fresh client each run (an IPv6 /64 of the documentation range), so no earlier run's counts apply. */
const clientIp = () => `2001:db8:${randomHex()}:${randomHex()}::1`;
const randomHex = () => Math.floor(Math.random() * 0x10000).toString(16);

describe("share lookups are rate-limited per client", () => {
  it("answers 429 rate_limited after the limit, to that client only; the page answers a small 429 page", { timeout: 90_000 }, async () => {
    const leftInWindowMs = PERIOD_MS - (Date.now() % PERIOD_MS);
    if (leftInWindowMs < BURST_BUDGET_MS) await new Promise((resolve) => setTimeout(resolve, leftInWindowMs + 100));
    const ip = clientIp();
    const statuses: number[] = [];
    for (let i = 0; i < SHARE_LOOKUP_LIMIT; i++) {
      const res = await guess(ip);
      await res.body?.cancel();
      statuses.push(res.status);
    }
    expect(statuses.filter((status) => status === 404)).toHaveLength(SHARE_LOOKUP_LIMIT);

    const limited = await guess(ip);
    expect(limited.headers.get("retry-after")).toBe(String(SHARE_LOOKUP_PERIOD_S));
    await expectError(limited, 429, "rate_limited");
    const page = await SELF.fetch(`http://gateway.test/s/${randomBase62(12)}`, { headers: { "cf-connecting-ip": ip } });
    expect(page.status).toBe(429);
    expect(page.headers.get("retry-after")).toBe(String(SHARE_LOOKUP_PERIOD_S));
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(await page.text()).toContain("Too many tries");

    const other = await guess(clientIp());
    expect(other.status).toBe(404);
    await other.body?.cancel();
  });
});

describe("clientKey", () => {
  const keyOf = (ip?: string) => clientKey(new Request("http://gateway.test/", { headers: ip === undefined ? {} : { "cf-connecting-ip": ip } }));

  it("is the IPv4 address, or the IPv6 /64 (one host's usual allocation), or one local key", () => {
    expect(keyOf("203.0.113.9")).toBe("203.0.113.9");
    expect(keyOf("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(keyOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(keyOf("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(keyOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(keyOf("2001:db8:1:3::1")).not.toBe(keyOf("2001:db8:1:2::1"));
    expect(keyOf()).toBe("local");
  });
});
