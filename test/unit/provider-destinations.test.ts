// Where the operator's provider keys may go: official endpoints or the configured allowlist (and
// loopback only under the development flag); a project with its own key may go anywhere the
// destinations guard allows.
import { describe, expect, it } from "vitest";
import { approvedBaseUrls, providerDestination } from "../../src/shared/destinations/providers";

const PROD = { ALLOW_LOOPBACK_UPSTREAMS: "false" };
const DEV = { ALLOW_LOOPBACK_UPSTREAMS: "true" };

describe("operator keys", () => {
  it("go to the official endpoint, with or without a path below it", () => {
    expect(providerDestination(PROD, "anthropic", undefined, false)).toEqual({ ok: true, credential: "operator" });
    expect(providerDestination(PROD, "anthropic", "https://api.anthropic.com", false)).toEqual({ ok: true, credential: "operator" });
    expect(providerDestination(PROD, "openai", "https://api.openai.com/v1", false)).toEqual({ ok: true, credential: "operator" });
  });

  it.each([
    "https://collector.example.com",
    "https://api.openai.com.evil.example",
    "http://api.openai.com",
    "https://api.openai.com:8443/v1",
    "https://evil.example/https://api.openai.com",
    "http://127.0.0.1:9999",
    "http://169.254.169.254/latest",
  ])("never go to %s", (url) => {
    const verdict = providerDestination(PROD, "openai", url, false);
    expect(verdict).toMatchObject({ ok: false, code: "provider_url_not_allowed" });
    expect(verdict.ok ? "" : verdict.message).toContain("https://api.openai.com");
  });

  it("follow the operator's allowlist when one is configured, matching origin and path prefix", () => {
    const env = { ...PROD, OPENAI_BASE_URLS: "https://llm.operator.example/v1, https://backup.operator.example" };
    expect(approvedBaseUrls(env, "openai")).toEqual(["https://llm.operator.example/v1", "https://backup.operator.example"]);
    expect(providerDestination(env, "openai", "https://llm.operator.example/v1", false).ok).toBe(true);
    expect(providerDestination(env, "openai", "https://backup.operator.example/any/path", false).ok).toBe(true);
    expect(providerDestination(env, "openai", "https://llm.operator.example/v10", false).ok).toBe(false);
    expect(providerDestination(env, "openai", "https://llm.operator.example/", false).ok).toBe(false);
    // The configured list replaces the default; another provider keeps its own.
    expect(providerDestination(env, "openai", "https://api.openai.com", false).ok).toBe(false);
    expect(providerDestination(env, "anthropic", "https://api.anthropic.com", false).ok).toBe(true);
  });

  it("reach loopback only under the development flag", () => {
    expect(providerDestination(DEV, "anthropic", "http://127.0.0.1:9999", false).ok).toBe(true);
    expect(providerDestination(DEV, "anthropic", "http://localhost:9999", false).ok).toBe(true);
    expect(providerDestination(PROD, "anthropic", "http://localhost:9999", false).ok).toBe(false);
    expect(providerDestination(DEV, "anthropic", "https://collector.example.com", false).ok).toBe(false);
    expect(providerDestination(DEV, "anthropic", "http://10.0.0.5", false).ok).toBe(false);
  });
});

describe("a project's own key", () => {
  it("may use any public base URL, and the official one by default", () => {
    expect(providerDestination(PROD, "openai", "https://llm.tenant.example/v1", true)).toEqual({ ok: true, credential: "project" });
    expect(providerDestination(PROD, "openai", undefined, true)).toEqual({ ok: true, credential: "project" });
  });

  it.each([
    "http://127.0.0.1:8080",
    "http://169.254.169.254",
    "http://10.1.2.3",
    "http://[::ffff:127.0.0.1]",
    "http://metadata.google.internal",
    "https://user:pw@llm.example.com",
  ])("still passes the destinations guard: %s is refused", (url) => {
    expect(providerDestination(PROD, "openai", url, true)).toMatchObject({ ok: false, code: "provider_url_not_allowed" });
  });
});
