// The viewer's structural event check (spa/src/lib/events.ts, built with spa/src/lib/check.ts) held
// to the server's zod schemas: the same type, and on a corpus of events and their mutations it
// accepts exactly what SessionEvent or the ASP schema accepts.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { AspEvent } from "../../src/shared/schemas/asp";
import { ErrorBody } from "../../src/shared/schemas/common";
import { ConnectPageDone, ConnectPageInfo } from "../../src/shared/schemas/connections";
import { SessionEvent } from "../../src/shared/schemas/events";
import { PromptAccepted } from "../../src/shared/schemas/queue";
import { ViewerToken } from "../../src/shared/schemas/shares";
import { isErrorBody, isPromptAccepted, isShareToken, type PromptAccepted as ViewerPromptAccepted, type ShareToken } from "../../spa/src/lib/api";
import type { Infer } from "../../spa/src/lib/check";
import { type ConnectInfo, isConnectDone, isConnectInfo } from "../../spa/src/lib/connect-api";
import { type CheckedEvent, decodeItem, isViewerEvent, type ViewerEvent } from "../../spa/src/lib/events";
import { type DsControl, isDsControl } from "../../spa/src/lib/sse";

const user = { name: "Ana", email: "ana@example.com" };
const item = { promptId: "p1", text: "hi", user, enqueuedAt: 1, position: 0 };
const CORPUS: Record<string, unknown>[] = [
  { type: "session_init", sessionId: "s", agent: "a", agentVersion: "1", model: "m", cwd: "/w", runtime: "external", git: { branch: "main", commit: "abc" } },
  { type: "session_init", sessionId: "s", agent: "a", cwd: "/w" },
  { type: "user_message", text: "hi", promptId: "p1", user },
  { type: "user_message_queued", text: "later", user },
  { type: "prompt_queued", promptId: "p1", text: "hi", user, position: 2 },
  { type: "queue_updated", processing: true, paused: false, running: item, items: [item], size: 1 },
  { type: "assistant_message", text: "done", phase: "final", iteration: 1 },
  { type: "assistant_delta", text: "do", iteration: 1 },
  { type: "thinking", summary: "hmm", text: null },
  { type: "tool_call", callId: "c", tool: "terminal", originalTool: "Bash", originalAgent: "claude", server: "srv", input: { command: "ls" } },
  { type: "tool_result", callId: "c", output: "x", isError: false, exitCode: 0, durationMs: 3, errorCode: "e" },
  { type: "permission_request", requestId: "r", tool: "terminal", input: {}, options: [{ optionId: "o", name: "Allow", kind: "allow_once" }] },
  { type: "permission_response", requestId: "r", decision: "allow_session", optionId: "o", user, message: "ok", updatedInput: {} },
  { type: "turn_complete", promptId: "p1", success: true, durationMs: 4, usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, costUsd: 0.1 } },
  { type: "turn_complete", success: true, usage: { inputTokens: 1 } },
  { type: "turn_aborted", promptId: "p1", reason: "cancelled" },
  { type: "compaction", summary: "short" },
  { type: "error", code: "x", message: "bad", retryable: true },
  { type: "session_end", reason: "closed" },
  { type: "session_end" },
  { type: "agent_info", name: "Claude Code", model: "claude-sonnet", version: "2.0" },
].map((fields) => ({ v: 1, ts: 1_700_000_000_000, ...fields }));

const WRONG_TYPES: unknown[] = [undefined, null, 7, "text", true, [], {}];

/** Each event with one field removed, and with one field replaced by each value of another type. */
function mutations(event: Record<string, unknown>): { key: string; mutated: Record<string, unknown> }[] {
  const out: { key: string; mutated: Record<string, unknown> }[] = [];
  for (const key of Object.keys(event)) {
    const { [key]: _removed, ...rest } = event;
    out.push({ key, mutated: rest });
    for (const value of WRONG_TYPES) out.push({ key, mutated: { ...event, [key]: value } });
  }
  return out;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const serverAccepts = (value: unknown): boolean => SessionEvent.safeParse(value).success || AspEvent.safeParse(value).success;

/** The fields the ASP schema defines for an event type (it lets any other field through, with any value). */
function aspFields(type: unknown): Set<string> {
  const option = AspEvent.options.find((candidate) => candidate.shape.type.value === type);
  return new Set(option ? Object.keys(option.shape) : []);
}

/**
 * What the viewer should decide for a mutation of `key`: what either schema decides, except that a
 * field the ASP schema does not define is held to the session schema (ASP would pass any value
 * through; the viewer reads the field, so it must have the session schema's type).
 */
function expected(mutated: Record<string, unknown>, key: string): boolean {
  if (SessionEvent.safeParse(mutated).success) return true;
  if (mutated[key] !== undefined && !aspFields(mutated.type).has(key)) return false;
  return AspEvent.safeParse(mutated).success;
}

describe("the viewer's event check", () => {
  it("has the type the server's schemas give", () => {
    // Each is assignable to the other (tsc fails this file otherwise).
    expectTypeOf<Same<CheckedEvent, ViewerEvent>>().toEqualTypeOf<true>();
    expectTypeOf<Same<CheckedEvent, ViewerEvent & { extra: 1 }>>().toEqualTypeOf<false>();
  });

  it("accepts every event of the corpus, as the server does", () => {
    for (const event of CORPUS) {
      expect(serverAccepts(event), JSON.stringify(event)).toBe(true);
      expect(isViewerEvent(event), JSON.stringify(event)).toBe(true);
    }
  });

  it("agrees with the server's schemas on every mutation of the corpus", () => {
    let compared = 0;
    for (const event of CORPUS) {
      for (const { key, mutated } of mutations(event)) {
        // Emptied strings and objects are where the server's refinements (name length, trimming) go further than a shape check.
        if (Object.values(mutated).some((value) => value === "" || (typeof value === "object" && value !== null && Object.keys(value).length === 0))) continue;
        expect(isViewerEvent(mutated), JSON.stringify(mutated)).toBe(expected(mutated, key));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("keeps an item of another shape as unknown, with its offset, and drops one without an offset", () => {
    expect(decodeItem({ v: 1, ts: 5, type: "tool_call", callId: 3, offset: "0001" })).toEqual({ kind: "unknown", offset: "0001", type: "tool_call", ts: 5 });
    expect(decodeItem({ v: 1, ts: 5, type: "thinking", summary: "s", text: null })).toBeNull();
    expect(decodeItem("not an object")).toBeNull();
  });

  it("reads a streamed piece in its retired form as assistant_delta", () => {
    const decoded = decodeItem({ v: 1, ts: 5, type: "assistant_message", text: "pi", delta: true, phase: "final", offset: "0002" });
    expect(decoded).toEqual({ kind: "event", event: { v: 1, ts: 5, type: "assistant_delta", text: "pi", offset: "0002" } });
  });
});

describe("the viewer's checks of API answers", () => {
  it("have the types of the server's schemas", () => {
    expectTypeOf<Same<ShareToken, z.infer<typeof ViewerToken>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<ViewerPromptAccepted, z.infer<typeof PromptAccepted>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<ConnectInfo, z.infer<typeof ConnectPageInfo>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<Infer<typeof isConnectDone>, z.infer<typeof ConnectPageDone>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<Infer<typeof isErrorBody>, Omit<z.infer<typeof ErrorBody>, "issues">>>().toEqualTypeOf<true>();
    expectTypeOf<DsControl>().toHaveProperty("streamNextOffset");
  });

  it("accept what the server's schemas accept, and refuse a field of the wrong type", () => {
    const token = {
      token: "t",
      kind: "session",
      sessionId: "s",
      streamPath: null,
      scope: "read prompt",
      mode: "live",
      canPrompt: true,
      expiresAt: 1,
      upToOffset: null,
    };
    const info = {
      server: { id: "i", name: "n", auth_type: "api_key" },
      fields: [{ name: "k", label: "Key", hint: null }],
      expires_at: "2026-12-03T00:00:00.000Z",
    };
    const cases: [(value: unknown) => boolean, z.ZodType, Record<string, unknown>][] = [
      [isShareToken, ViewerToken, token],
      [isPromptAccepted, PromptAccepted, { promptId: "p", status: "queued", position: 0 }],
      [isConnectInfo, ConnectPageInfo, info],
      [isConnectDone, ConnectPageDone, { redirect_url: "https://example.com/" }],
      [isErrorBody, ErrorBody, { error: "not_found", code: "not_found", message: "No such share" }],
    ];
    for (const [check, schema, value] of cases) {
      expect(schema.safeParse(value).success).toBe(true);
      expect(check(value)).toBe(true);
      for (const { key, mutated } of mutations(value)) {
        if (mutated[key] === undefined && key in value) continue;
        expect(check(mutated), JSON.stringify(mutated)).toBe(schema.safeParse(mutated).success);
      }
    }
    expect(isDsControl({ streamNextOffset: "0001", upToDate: true })).toBe(true);
    expect(isDsControl({ streamNextOffset: "" })).toBe(false);
    expect(isDsControl({ upToDate: true })).toBe(false);
  });
});
