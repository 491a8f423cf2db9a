// The provider SSE parser: chunks split at every position, LF/CRLF/CR line ends, multi-line data,
// comments, a leading BOM, and an unterminated last event.
import { describe, expect, it } from "vitest";
import { SseParser, type SseEvent } from "../../durable-objects/session/runtime/sse-parser";

function parseAll(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
}

const STREAM = 'event: message_start\ndata: {"a":1}\n\n: keep-alive comment\nevent: delta\ndata: line one\ndata: line two\n\ndata:no-space\n\n';
const EXPECTED: SseEvent[] = [
  { event: "message_start", data: '{"a":1}' },
  { event: "delta", data: "line one\nline two" },
  { event: "message", data: "no-space" },
];

describe("SseParser", () => {
  it("parses events, comments, multi-line data and the default event name", () => {
    expect(parseAll([STREAM])).toEqual(EXPECTED);
  });

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("gives the same events for every two-way split with %s line ends", (_name, eol) => {
    const text = STREAM.replaceAll("\n", eol);
    for (let cut = 0; cut <= text.length; cut += 1) {
      expect(parseAll([text.slice(0, cut), text.slice(cut)])).toEqual(EXPECTED);
    }
  });

  it("parses a stream fed one character at a time", () => {
    const text = STREAM.replaceAll("\n", "\r\n");
    expect(parseAll([...text])).toEqual(EXPECTED);
  });

  it("drops a leading BOM, keeps the last id, and ignores events without data", () => {
    expect(parseAll(["\uFEFFid: 7\nevent: x\n\nevent: y\ndata: 1\n\n"])).toEqual([{ event: "y", data: "1", id: "7" }]);
  });

  it("drops an event the stream never terminated with a blank line", () => {
    expect(parseAll(["data: whole\n\ndata: partial\n"])).toEqual([{ event: "message", data: "whole" }]);
  });

  it("keeps empty data lines and colons inside values", () => {
    expect(parseAll(["data\ndata: a: b\n\n"])).toEqual([{ event: "message", data: "\na: b" }]);
  });
});
