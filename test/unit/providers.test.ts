// The provider factory (and its config check), the tool-name table and the price table.
import { describe, expect, it } from "vitest";
import { AnthropicProvider } from "../../durable-objects/session/runtime/anthropic-provider";
import { LocalProvider } from "../../durable-objects/session/runtime/local-provider";
import { OpenAIProvider } from "../../durable-objects/session/runtime/openai-provider";
import { costUsd, FREE, priceFor } from "../../durable-objects/session/runtime/pricing";
import { checkProviderConfig, createProvider, providerSecretName } from "../../durable-objects/session/runtime/providers";
import { ToolNameTable } from "../../durable-objects/session/runtime/tool-names";
import { eventsOf, runProviderTurn } from "../helpers/mock-providers/turn-harness";
import { stringContaining } from "../helpers/matchers";

const VALID_WIRE_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

describe("createProvider", () => {
  it("builds each provider type with its defaults", () => {
    expect(createProvider({ type: "local" })).toBeInstanceOf(LocalProvider);
    const anthropic = createProvider({ type: "anthropic", apiKey: "k" });
    expect(anthropic).toBeInstanceOf(AnthropicProvider);
    expect(anthropic.model).toBe("claude-sonnet-4-5");
    const openai = createProvider({ type: "openai", apiKey: "k", model: "gpt-4o" });
    expect(openai).toBeInstanceOf(OpenAIProvider);
    expect(openai.model).toBe("gpt-4o");
  });

  it.each(["anthropic", "openai"] as const)("reports %s without an API key as provider_not_configured, not retryable", async (type) => {
    expect(checkProviderConfig({ type })).toMatchObject({ code: "provider_not_configured", retryable: false });
    const run = await runProviderTurn(createProvider({ type }), "hi");
    expect(run.outcome).toMatchObject({ ok: false, code: "provider_not_configured", retryable: false });
    expect(eventsOf(run.events, "error")[0]).toMatchObject({ message: stringContaining(providerSecretName(type) ?? "?"), retryable: false });
    expect(eventsOf(run.events, "turn_complete")[0]).toMatchObject({ success: false });
  });

  it("flags an unusable base URL or timeout, and accepts a usable config", () => {
    expect(checkProviderConfig({ type: "openai", apiKey: "k", baseUrl: "ftp://x" })).toMatchObject({ code: "provider_misconfigured" });
    expect(checkProviderConfig({ type: "anthropic", apiKey: "k", timeoutMs: 0 })).toMatchObject({ code: "provider_misconfigured" });
    expect(checkProviderConfig({ type: "anthropic", apiKey: "k", baseUrl: "http://127.0.0.1:8080", timeoutMs: 5_000 })).toBeUndefined();
    expect(checkProviderConfig({ type: "local" })).toBeUndefined();
  });

  it("names the Worker secret for each provider", () => {
    expect(providerSecretName("anthropic")).toBe("ANTHROPIC_API_KEY");
    expect(providerSecretName("openai")).toBe("OPENAI_API_KEY");
    expect(providerSecretName("local")).toBeUndefined();
  });
});

describe("ToolNameTable", () => {
  it("encodes '/' as '__' and decodes it back", () => {
    const names = new ToolNameTable(["github/create_issue", "terminal"]);
    expect(names.encode("github/create_issue")).toBe("github__create_issue");
    expect(names.encode("terminal")).toBe("terminal");
    expect(names.decode("github__create_issue")).toBe("github/create_issue");
    expect(names.decode("terminal")).toBe("terminal");
  });

  it("keeps every name valid and distinct, even when forms collide or run long", () => {
    const originals = ["a/b", "a__b", "a.b", "a:b", `${"x".repeat(70)}/one`, `${"x".repeat(70)}/two`, "é"];
    const names = new ToolNameTable(originals);
    const wire = originals.map((name) => names.encode(name));
    for (const name of wire) expect(name).toMatch(VALID_WIRE_NAME);
    expect(new Set(wire).size).toBe(originals.length);
    originals.forEach((name, i) => expect(names.decode(wire[i] ?? "")).toBe(name));
  });

  it("decodes names it never sent by the '__' rule", () => {
    expect(new ToolNameTable().decode("slack__post")).toBe("slack/post");
  });
});

describe("pricing", () => {
  it("finds a model by its id or a dated id, preferring the longest key", () => {
    expect(priceFor("claude-sonnet-4-5-20250929")).toEqual(priceFor("claude-sonnet-4-5"));
    expect(priceFor("gpt-4o-mini-2024-07-18").inputUsdPerMTok).toBe(0.15);
    expect(priceFor("gpt-4o-2024-08-06").inputUsdPerMTok).toBe(2.5);
    expect(priceFor("claude-opus-4-20250514").outputUsdPerMTok).toBe(75);
  });

  it("prices unknown models at zero", () => {
    expect(priceFor("llama-3.1-8b-instruct")).toEqual(FREE);
    expect(costUsd(priceFor("my-local-model"), { inputTokens: 1e6, outputTokens: 1e6, cachedInputTokens: 0 })).toBe(0);
  });

  it("charges cached input at the cached rate and the rest at the input rate", () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 400_000 };
    // gpt-4o: 600k x $2.50 + 400k x $1.25 + 1M x $10 per million.
    expect(costUsd(priceFor("gpt-4o"), usage)).toBe(12);
  });

  it("charges Anthropic cache writes at 1.25x input and cache reads at 0.1x", () => {
    const usage = { inputTokens: 3_000_000, outputTokens: 0, cachedInputTokens: 1_000_000, cacheWriteTokens: 1_000_000 };
    // claude-sonnet-4-5: 1M plain x $3 + 1M read x $0.30 + 1M written x $3.75 per million.
    expect(costUsd(priceFor("claude-sonnet-4-5-20250929"), usage)).toBe(7.05);
  });
});
