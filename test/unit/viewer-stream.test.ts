// The live read loop (spa/src/lib/stream.ts) against scripted SSE responses.
import { describe, expect, it } from "vitest";
import { type LinkState, runStream, type StreamOptions } from "../../spa/src/lib/stream";

const data = (items: unknown[]): string => `event: data\ndata: ${JSON.stringify(items)}\n\n`;
const control = (next: string, extra: Record<string, unknown> = {}): string =>
  `event: control\ndata: ${JSON.stringify({ streamNextOffset: next, streamCursor: "c", upToDate: true, ...extra })}\n\n`;

/** A response whose body yields the chunks, then ends (or hangs when `hang`). */
function sse(chunks: string[], hang = false): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!hang) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

type Step = Response | Error | ((init: RequestInit) => Response);

function harness(steps: Step[], overrides: Partial<StreamOptions> = {}) {
  const requests: { url: string; auth: string | null }[] = [];
  const items: unknown[] = [];
  const states: LinkState[] = [];
  const sleeps: number[] = [];
  let token = "t1";
  const options: StreamOptions = {
    fetch: async (url, init) => {
      requests.push({ url, auth: new Headers(init.headers).get("authorization") });
      const step = steps.shift();
      if (!step) throw new Error("no more scripted responses");
      if (step instanceof Error) throw step;
      return typeof step === "function" ? step(init) : step;
    },
    url: (offset) => `/events?offset=${offset}`,
    token: () => token,
    onItems: (batch) => items.push(...batch),
    onState: (state) => states.push(state),
    onDenied: async () => {
      token = "t2";
      return true;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
  return { options, requests, items, states, sleeps };
}

describe("runStream", () => {
  it("resumes from the last streamNextOffset after the server ends a response", async () => {
    const h = harness([sse([data([{ n: 1 }, { n: 2 }]), control("0002"), ": ping\n\n"]), sse([data([{ n: 3 }]), control("0003", { streamClosed: true })])]);
    const result = await runStream(h.options, new AbortController().signal);
    expect(result).toEqual({ end: "closed", offset: "0003" });
    expect(h.requests.map((r) => r.url)).toEqual(["/events?offset=-1", "/events?offset=0002"]);
    expect(h.items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(h.states).not.toContain("reconnecting");
  });

  it("handles frames split across chunks", async () => {
    const text = data([{ n: 1 }]) + control("0001", { streamClosed: true });
    const chunks = text.match(/.{1,5}/gs) ?? [];
    const h = harness([sse(chunks)]);
    await runStream(h.options, new AbortController().signal);
    expect(h.items).toEqual([{ n: 1 }]);
  });

  it("backs off after network errors and retries from the same offset", async () => {
    const h = harness([
      sse([data([{ n: 1 }]), control("0001")]),
      new TypeError("network down"),
      new Response("oops", { status: 503 }),
      sse([control("0001", { streamClosed: true })]),
    ]);
    await runStream(h.options, new AbortController().signal);
    expect(h.requests.map((r) => r.url)).toEqual(["/events?offset=-1", "/events?offset=0001", "/events?offset=0001", "/events?offset=0001"]);
    expect(h.states).toContain("reconnecting");
    expect(h.sleeps.slice(1)).toEqual([375, 750]);
  });

  it("renews the token on 401 and reconnects with the new one", async () => {
    const h = harness([new Response(null, { status: 401 }), sse([control("0001", { streamClosed: true })])]);
    const result = await runStream(h.options, new AbortController().signal);
    expect(result.end).toBe("closed");
    expect(h.requests.map((r) => r.auth)).toEqual(["Bearer t1", "Bearer t2"]);
    expect(h.sleeps).toEqual([]);
    expect(h.states).not.toContain("reconnecting");
  });

  it("backs off when the server keeps refusing fresh tokens", async () => {
    const h = harness([
      new Response(null, { status: 401 }),
      new Response(null, { status: 401 }),
      new Response(null, { status: 401 }),
      sse([control("0001", { streamClosed: true })]),
    ]);
    await runStream(h.options, new AbortController().signal);
    expect(h.sleeps).toEqual([750, 1500]);
  });

  it("ends as unauthorized when access is gone for good", async () => {
    const h = harness([new Response(null, { status: 410 })], { onDenied: async () => false });
    expect((await runStream(h.options, new AbortController().signal)).end).toBe("unauthorized");
  });

  it("stops after an up-to-date control frame when asked (snapshots)", async () => {
    const h = harness([sse([data([{ n: 1 }]), control("0001", { upToDate: true })], true)], {
      stopAfter: (c) => c.upToDate === true,
    });
    expect(await runStream(h.options, new AbortController().signal)).toEqual({ end: "stopped", offset: "0001" });
  });

  it("treats a silent connection as dead and reconnects", async () => {
    const h = harness([sse([data([{ n: 1 }]), control("0001", { upToDate: true })], true), sse([control("0002", { streamClosed: true })])], {
      stallTimeoutMs: 30,
    });
    expect(await runStream(h.options, new AbortController().signal)).toEqual({ end: "closed", offset: "0002" });
    expect(h.requests.map((r) => r.url)).toEqual(["/events?offset=-1", "/events?offset=0001"]);
  });

  it("stops when aborted", async () => {
    const abort = new AbortController();
    const h = harness([
      (init) => {
        init.signal?.addEventListener("abort", () => undefined);
        setTimeout(() => abort.abort(), 10);
        return sse([control("0001")], true);
      },
    ]);
    expect((await runStream(h.options, abort.signal)).end).toBe("aborted");
  });
});
