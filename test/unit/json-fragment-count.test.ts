// The Stream-Total-Size scanner: counts the messages of a stored JSON fragment (values joined by
// commas) without parsing, however the bytes are split, including strings built to mislead it.
import { describe, expect, it } from "vitest";
import { countFragmentMessages, FragmentCounter, messagesToFragment, payloadSize, toJsonFragment } from "../../src/shared/protocol/json-mode";

const encoder = new TextEncoder();

/** Values whose text is full of commas, brackets, quotes and escapes inside strings. */
const NASTY: unknown[] = [
  "a,b,c",
  ",",
  "[",
  "]",
  "{",
  "}",
  '"',
  "\\",
  '\\"',
  '\\",',
  '",[{',
  "\\\\,",
  "\u0000\u001f,\n\t\r",
  "é,ü,ß",
  "日本,語",
  "😀,👍🏽",
  "\ud800,", // a lone surrogate: JSON.stringify escapes it as \ud800
  "",
  { ",": ",", "]": ["[", "}"], '"': { "\\": "," } },
  [[[",", [","]]], {}],
  [],
  {},
  0,
  -1.5e-7,
  true,
  false,
  null,
  { a: [1, 2, { b: "x,y" }], c: "}," },
];

describe("countFragmentMessages", () => {
  it("counts each nasty value as one message and a batch of them as its length", () => {
    for (const value of NASTY) expect(countFragmentMessages(messagesToFragment([value])), JSON.stringify(value)).toBe(1);
    expect(countFragmentMessages(messagesToFragment(NASTY))).toBe(NASTY.length);
  });

  it("agrees with toJsonFragment's own count for arrays and single values", () => {
    const bodies = [NASTY, NASTY.slice(3, 9), "just a string, with a comma", { one: ["object", ","] }, [["nested"], ["arrays", ","]]];
    for (const body of bodies) {
      const parsed = toJsonFragment(encoder.encode(JSON.stringify(body)), false);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(countFragmentMessages(parsed.fragment)).toBe(parsed.count);
    }
  });

  it("counts a page of fragments joined by commas as the sum of their messages", () => {
    const page = [messagesToFragment(NASTY.slice(0, 5)), messagesToFragment(["x"]), messagesToFragment(NASTY.slice(5))];
    const joined = encoder.encode(page.map((part) => new TextDecoder().decode(part)).join(","));
    expect(countFragmentMessages(joined)).toBe(NASTY.length + 1);
  });

  it("gives the same count at every split point, escapes and multi-byte characters included", () => {
    const fragment = messagesToFragment(NASTY);
    for (let at = 0; at <= fragment.byteLength; at += 1) {
      const counter = new FragmentCounter();
      counter.push(fragment.subarray(0, at));
      counter.push(fragment.subarray(at));
      if (counter.count !== NASTY.length) throw new Error(`split at ${at}: ${counter.count}`);
    }
    const byByte = new FragmentCounter();
    for (const byte of fragment) byByte.push(new Uint8Array([byte]));
    expect(byByte.count).toBe(NASTY.length);
  });

  it("counts an empty fragment as none, and tolerates whitespace between values", () => {
    expect(countFragmentMessages(new Uint8Array(0))).toBe(0);
    expect(countFragmentMessages(encoder.encode(" \n\t"))).toBe(0);
    expect(countFragmentMessages(encoder.encode(' 1 , "a, b" ,\n[ 2 , 3 ] '))).toBe(3);
  });

  it("matches JSON.parse on random values", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [",", "[", "]", "{", "}", '"', "\\", "a", "é", "😀", " ", "\n"];
    const text = () => Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 2 ? 3 : 5));
      if (kind === 0) return text();
      if (kind === 1) return Math.floor(random() * 1000) - 500;
      if (kind === 2) return random() < 0.5 ? null : random() < 0.5;
      if (kind === 3) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]));
    };
    for (let round = 0; round < 500; round += 1) {
      const messages = Array.from({ length: 1 + Math.floor(random() * 6) }, () => value(0));
      const fragment = messagesToFragment(messages);
      expect(countFragmentMessages(fragment)).toBe(messages.length);
    }
  });
});

describe("payloadSize", () => {
  it("is messages in JSON mode and bytes otherwise", () => {
    const fragment = messagesToFragment(["a,b", { c: "é" }]);
    expect(payloadSize(fragment, true)).toBe(2);
    expect(payloadSize(fragment, false)).toBe(fragment.byteLength);
  });
});
