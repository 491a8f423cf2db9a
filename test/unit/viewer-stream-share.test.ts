// Stream shares in the viewer (spa/src/lib/stream-share.ts, the batch positions of stream.ts): URLs,
// synthetic offsets that keep the log order and the snapshot bound, and the prompt appended to `/prompts`.
import { describe, expect, it } from "vitest";
import { formatOffset } from "../../src/shared/protocol/offsets";
import { MAX_DISPLAY_NAME_LENGTH } from "../../src/shared/prompt-limits";
import { decodeItem, type Incoming, isAfter } from "../../spa/src/lib/events";
import { applyItems, emptyView, type ViewState } from "../../spa/src/lib/rows";
import { type BatchPosition, runStream } from "../../spa/src/lib/stream";
import { appendStreamPrompt, stampOffsets, streamEventsUrl, streamPrompt, streamPromptsUrl, syntheticOffset } from "../../spa/src/lib/stream-share";

const TS = 1_700_000_000_000;
const asp = (type: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({ v: 1, ts: TS, type, ...fields });
const decodeAll = (raw: readonly unknown[]): Incoming[] => raw.map(decodeItem).filter((item): item is Incoming => item !== null);
const apply = (state: ViewState, items: readonly unknown[], base: string, limit: string | null = null): ViewState =>
  applyItems(state, decodeAll(stampOffsets(items, base)), limit);

describe("stream share URLs", () => {
  it("encodes each path segment and keeps the slashes between them", () => {
    expect(streamEventsUrl("asp/a b?c/live", "-1")).toBe("/v1/stream/asp/a%20b%3Fc/live?offset=-1&live=sse");
    expect(streamEventsUrl("asp/x/live", formatOffset(7))).toBe(`/v1/stream/asp/x/live?offset=${formatOffset(7)}&live=sse`);
    expect(streamPromptsUrl("asp/s#1/live")).toBe("/v1/stream/asp/s%231/live/prompts");
  });
});

describe("synthetic offsets", () => {
  it("sort in arrival order across batches that begin at gateway offsets, ten and more items per batch included", () => {
    const bases = ["-1", formatOffset(1), formatOffset(9), formatOffset(10), formatOffset(123_456)];
    const produced = bases.flatMap((base) => Array.from({ length: 12 }, (_, i) => syntheticOffset(base, i)));
    expect([...produced].sort()).toEqual(produced);
    for (let i = 1; i < produced.length; i += 1) expect(isAfter(produced[i] ?? "", produced[i - 1] ?? null)).toBe(true);
    // Every item sorts after the offset its batch began at, and before the next batch's start.
    expect(syntheticOffset(formatOffset(9), 0) > formatOffset(9)).toBe(true);
    expect(syntheticOffset(formatOffset(9), 999) < formatOffset(10)).toBe(true);
  });

  it("stamps object items only, overriding any offset field, and numbers them from the given index", () => {
    const stamped = stampOffsets([{ type: "a", offset: "bogus" }, "not an object", { type: "b" }], formatOffset(4), 3);
    expect(stamped).toEqual([
      { type: "a", offset: syntheticOffset(formatOffset(4), 3) },
      "not an object",
      { type: "b", offset: syntheticOffset(formatOffset(4), 5) },
    ]);
  });

  it("feed the session decoder: ASP events render as rows, a replayed batch does not repeat them", () => {
    const first = [
      asp("session_init", { sessionId: "asp_1", cwd: "/repo", agent: "claude" }),
      asp("user_message", { text: "Fix the build", user: { name: "Ana" } }),
      asp("assistant_message", { text: "Looking." }),
      asp("tool_call", { callId: "c1", tool: "Bash", input: { command: "npm test" } }),
    ];
    let view = apply(emptyView(), first, "-1");
    view = apply(view, [asp("tool_result", { callId: "c1", output: "ok", isError: false }), asp("assistant_message", { text: "Done." })], formatOffset(1));
    // A reconnect resumes at the last control offset and the server sends that batch again.
    view = apply(view, [asp("tool_result", { callId: "c1", output: "ok", isError: false }), asp("assistant_message", { text: "Done." })], formatOffset(1));
    expect(view.rows).toHaveLength(5);
    expect(view.rows.slice(1).map((row) => row.kind)).toEqual(["user", "assistant", "tool", "assistant"]);
    const tool = view.rows[3];
    expect(tool?.kind === "tool" && tool.result?.output).toBe("ok");
    expect(new Set(view.rows.map((row) => row.key)).size).toBe(5);
  });

  it("keep a snapshot to the batches that began before its bound", () => {
    const bound = formatOffset(2);
    let view = apply(emptyView(), [asp("assistant_message", { text: "one" })], "-1", bound);
    view = apply(view, [asp("assistant_message", { text: "two" }), asp("assistant_message", { text: "three" })], formatOffset(1), bound);
    view = apply(view, [asp("assistant_message", { text: "after the snapshot" })], bound, bound);
    expect(view.rows.map((row) => (row.kind === "assistant" ? row.text : row.kind))).toEqual(["one", "two", "three"]);
  });
});

describe("runStream batch positions", () => {
  const data = (items: unknown[]): string => `event: data\ndata: ${JSON.stringify(items)}\n\n`;
  const control = (next: string): string => `event: control\ndata: ${JSON.stringify({ streamNextOffset: next, upToDate: true })}\n\n`;
  const sse = (chunks: string[]): Response => new Response(chunks.join(""), { status: 200, headers: { "content-type": "text/event-stream" } });

  it("counts items from the connection's offset, restarts at each control frame, and again on reconnect", async () => {
    const responses = [
      sse([data([1, 2]), data([3]), control(formatOffset(3)), data([4])]),
      sse([data([4, 5]), control(formatOffset(5)), `event: control\ndata: ${JSON.stringify({ streamNextOffset: formatOffset(5), streamClosed: true })}\n\n`]),
    ];
    const urls: string[] = [];
    const seen: { items: unknown[]; position: BatchPosition }[] = [];
    const result = await runStream(
      {
        fetch: async (url) => {
          urls.push(url);
          const next = responses.shift();
          if (!next) throw new Error("no more responses");
          return next;
        },
        url: (offset) => offset,
        token: () => "t",
        onItems: (items, position) => seen.push({ items, position }),
        onState: () => undefined,
        onDenied: async () => false,
        sleep: async () => undefined,
      },
      new AbortController().signal,
    );
    expect(result.end).toBe("closed");
    expect(urls).toEqual(["-1", formatOffset(3)]);
    expect(seen).toEqual([
      { items: [1, 2], position: { base: "-1", index: 0 } },
      { items: [3], position: { base: "-1", index: 2 } },
      { items: [4], position: { base: formatOffset(3), index: 0 } },
      { items: [4, 5], position: { base: formatOffset(3), index: 0 } },
    ]);
  });
});

describe("stream prompts", () => {
  it("is the ASP prompt body, with the user only when a name was given", () => {
    expect(streamPrompt("hi", " Ada ", TS)).toEqual({ v: 1, ts: TS, type: "prompt", text: "hi", user: { name: "Ada" } });
    const anonymous = streamPrompt("hi", "   ", TS);
    expect(anonymous).toEqual({ v: 1, ts: TS, type: "prompt", text: "hi" });
    expect("user" in anonymous).toBe(false);
    expect(streamPrompt("hi", "x".repeat(MAX_DISPLAY_NAME_LENGTH + 5), TS).user?.name).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
  });

  function recorder(answer: () => Response | Promise<Response>) {
    const calls: { url: string; method: string | undefined; headers: Headers; body: unknown }[] = [];
    const fetchFn = async (url: string, init?: RequestInit): Promise<Response> => {
      const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : null;
      calls.push({ url, method: init?.method, headers: new Headers(init?.headers), body });
      return answer();
    };
    return { calls, fetchFn };
  }

  it("POSTs the body as JSON to <streamPath>/prompts with the viewer token; a 204 is success with the new tail", async () => {
    const { calls, fetchFn } = recorder(() => new Response(null, { status: 204, headers: { "stream-next-offset": formatOffset(8) } }));
    const result = await appendStreamPrompt(fetchFn, "asp/s 1/live", "tok", streamPrompt("run the tests", "Ada", TS));
    expect(result).toEqual({ ok: true, value: { nextOffset: formatOffset(8) } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("/v1/stream/asp/s%201/live/prompts");
    expect(calls[0]?.method).toBe("POST");
    expect(calls[0]?.headers.get("content-type")).toBe("application/json");
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer tok");
    expect(calls[0]?.body).toEqual({ v: 1, ts: TS, type: "prompt", text: "run the tests", user: { name: "Ada" } });
  });

  it("hands back the flat error's message, a network failure as status 0, and refuses a blank prompt unsent", async () => {
    const missing = recorder(() =>
      Response.json({ error: "Not Found", code: "stream_not_found", message: "No stream at asp/x/live/prompts" }, { status: 404 }),
    );
    expect(await appendStreamPrompt(missing.fetchFn, "asp/x/live", "tok", streamPrompt("hi", "", TS))).toEqual({
      ok: false,
      error: { status: 404, code: "stream_not_found", message: "No stream at asp/x/live/prompts" },
    });
    const offline = recorder(() => Promise.reject(new TypeError("Failed to fetch")));
    const down = await appendStreamPrompt(offline.fetchFn, "asp/x/live", "tok", streamPrompt("hi", "", TS));
    expect(down.ok === false && down.error.status).toBe(0);
    const blank = recorder(() => new Response(null, { status: 204 }));
    const refused = await appendStreamPrompt(blank.fetchFn, "asp/x/live", "tok", streamPrompt("", "", TS));
    expect(refused.ok === false && refused.error.status).toBe(400);
    expect(blank.calls).toHaveLength(0);
  });
});
