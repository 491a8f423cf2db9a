// The outbound destination policy and proxy URL resolution, as plain functions in the runtime.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/lib/errors";
import { proxyTarget } from "../../src/services/proxy";
import { checkUpstream } from "../../src/shared/destinations/guard";

const allowed = (url: string, loopback = false) => checkUpstream(new URL(url), loopback).ok;

describe("checkUpstream", () => {
  it.each(["https://api.asaas.com/v3", "http://example.com:8080/x", "https://8.8.8.8/", "https://[2606:4700:4700::1111]/", "https://172.32.0.1/"])(
    "allows the public destination %s",
    (url) => {
      expect(allowed(url)).toBe(true);
    },
  );

  it.each([
    ["http://127.0.0.1/", "loopback"],
    ["http://127.8.9.10:81/", "loopback"],
    ["http://localhost/", "loopback"],
    ["http://api.localhost/", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://2130706433/", "loopback (decimal form)"],
    ["http://0x7f.1/", "loopback (hex form)"],
    ["http://[::ffff:127.0.0.1]/", "loopback (IPv4-mapped)"],
  ])("refuses %s (%s) without the flag and allows it with the flag", (url) => {
    expect(allowed(url)).toBe(false);
    expect(allowed(url, true)).toBe(true);
  });

  it.each([
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://224.0.0.1/",
    "http://metadata.google.internal/",
    "http://printer.local/",
    "http://intranet/",
  ])("refuses %s even with the loopback flag", (url) => {
    expect(allowed(url)).toBe(false);
    expect(allowed(url, true)).toBe(false);
  });

  it("refuses other schemes and URLs carrying credentials", () => {
    expect(allowed("ftp://example.com/")).toBe(false);
    expect(allowed("https://user:pass@example.com/")).toBe(false);
  });
});

describe("proxyTarget", () => {
  const base = "https://api.example.com/v3";

  it("puts the endpoint under the base URL, with or without a leading slash, and adds params", () => {
    expect(proxyTarget(base, "/customers", { limit: 10, active: true }).href).toBe("https://api.example.com/v3/customers?limit=10&active=true");
    expect(proxyTarget(base, "customers/cus_1", undefined).href).toBe("https://api.example.com/v3/customers/cus_1");
    expect(proxyTarget(`${base}/`, "//evil.example.com/x", undefined).href).toBe("https://api.example.com/v3/evil.example.com/x");
  });

  it.each(["https://evil.example.com/v3/customers", "../admin", "/v3/../../admin", "..%2f..%2fadmin/../../x", "\\\\evil.example.com\\x/../../.."])(
    "refuses %s with endpoint_not_allowed",
    (endpoint) => {
      let error: unknown;
      try {
        proxyTarget(base, endpoint, undefined);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect(error instanceof ApiError && error.code).toBe("endpoint_not_allowed");
    },
  );
});
