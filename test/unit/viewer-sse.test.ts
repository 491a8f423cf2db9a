// The viewer's SSE parser and Durable Streams frame interpretation (spa/src/lib/sse.ts).
import { describe, expect, it } from "vitest";
import { interpretFrame, type SseMessage, SseParser } from "../../spa/src/lib/sse";

const BODY =
  'event: data\ndata: [{"offset":"1","type":"x"}]\n\n' + ": ping\n\n" + 'event: control\ndata: {"streamNextOffset":"2","streamCursor":"c","upToDate":true}\n\n';

function parseInChunks(text: string, size: number): SseMessage[] {
  const parser = new SseParser();
  const out: SseMessage[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
  return out;
}

describe("SseParser", () => {
  it("parses data and control frames and skips keepalive comments", () => {
    expect(parseInChunks(BODY, BODY.length)).toEqual([
      { event: "data", data: '[{"offset":"1","type":"x"}]' },
      { event: "control", data: '{"streamNextOffset":"2","streamCursor":"c","upToDate":true}' },
    ]);
  });

  it("gives the same messages however the bytes are chunked", () => {
    const whole = parseInChunks(BODY, BODY.length);
    for (const size of [1, 2, 3, 7, 16, 64]) expect(parseInChunks(BODY, size)).toEqual(whole);
  });

  it("accepts CRLF and CR line endings, also split between chunks", () => {
    const crlf = BODY.replaceAll("\n", "\r\n");
    const cr = BODY.replaceAll("\n", "\r");
    const whole = parseInChunks(BODY, BODY.length);
    for (const size of [1, 5, 1000]) {
      expect(parseInChunks(crlf, size)).toEqual(whole);
      expect(parseInChunks(cr, size)).toEqual(whole);
    }
  });

  it("joins multi-line data, strips one leading space, defaults the event name", () => {
    const parser = new SseParser();
    expect(parser.push("data:one\ndata:  two\n\n")).toEqual([{ event: "message", data: "one\n two" }]);
  });

  it("does not emit a message without data, and holds an unfinished one", () => {
    const parser = new SseParser();
    expect(parser.push("event: control\n\n")).toEqual([]);
    expect(parser.push("event: data\ndata: []\n")).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "data", data: "[]" }]);
  });
});

describe("interpretFrame", () => {
  it("reads a JSON array of items from data frames", () => {
    expect(interpretFrame({ event: "data", data: '[{"a":1},{"a":2}]' })).toEqual({ kind: "data", items: [{ a: 1 }, { a: 2 }] });
  });

  it("reads offsets and flags from control frames", () => {
    const frame = interpretFrame({
      event: "control",
      data: '{"streamNextOffset":"0000000000000001_0000000000000042","upToDate":false,"streamClosed":true}',
    });
    expect(frame).toEqual({
      kind: "control",
      control: { streamNextOffset: "0000000000000001_0000000000000042", upToDate: false, streamClosed: true },
    });
  });

  it("flags malformed frames and passes over other event names", () => {
    expect(interpretFrame({ event: "data", data: "[oops" }).kind).toBe("invalid");
    expect(interpretFrame({ event: "control", data: '{"upToDate":true}' }).kind).toBe("invalid");
    expect(interpretFrame({ event: "message", data: "{}" })).toEqual({ kind: "other", event: "message" });
  });
});
