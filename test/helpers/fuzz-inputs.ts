// Generators for the input fuzz (test/worker/fuzz.test.ts): a seeded PRNG, hostile ids, headers and
// query strings, malformed and deep JSON, and content types. Every value here is refused by the
// gateway wherever the fuzz sends it (see the pairing rules in the test), so nothing gets stored.
import { MAX_JSON_DEPTH } from "../../src/middleware/json-depth";

/** The security review's depth: 5,000 nested levels used to overflow a Durable Object call. */
export const REVIEW_DEPTH_LEVELS = 5_000;

/** mulberry32: a small seeded PRNG, so a failing run replays exactly. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** `count` distinct items (all of them when there are fewer), in a seeded order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(...pool.splice(Math.floor(this.next() * pool.length), 1));
    return out;
  }

  /** `length` random characters of `alphabet`. */
  word(length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"): string {
    let out = "";
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

/** `levels` nested arrays around a number: deepJson(2) is "[[0]]". */
export const deepJson = (levels: number) => `${"[".repeat(levels)}0${"]".repeat(levels)}`;

/** Total nesting a deep probe brings its body to: one past the bound, and the review's depth. */
export const DEEP_TOTALS = [MAX_JSON_DEPTH + 1, REVIEW_DEPTH_LEVELS];

/** What a field holds, so a deep value can pass its type check and reach the code behind it. */
export type Shape = "object" | "array" | "scalar";

/** A value that brings its body to `total` levels when it sits `enclosing` levels down, shaped as `shape`. */
export function deepValue(total: number, enclosing: number, shape: Shape): string {
  const inner = deepJson(total - enclosing - (shape === "scalar" ? 0 : 1));
  return shape === "object" ? `{"deep":${inner}}` : shape === "array" ? `[${inner}]` : inner;
}

/** Whole bodies nested too deep, including objects and brackets that hide inside strings. */
export const DEEP_BODIES = [
  { label: `array ${MAX_JSON_DEPTH + 1} levels`, text: deepJson(MAX_JSON_DEPTH + 1) },
  { label: `array ${REVIEW_DEPTH_LEVELS} levels`, text: deepJson(REVIEW_DEPTH_LEVELS) },
  { label: `object ${REVIEW_DEPTH_LEVELS} levels`, text: `${'{"a":'.repeat(REVIEW_DEPTH_LEVELS)}1${"}".repeat(REVIEW_DEPTH_LEVELS)}` },
  { label: "deep after string brackets", text: `["]]]]\\"]]",${deepJson(MAX_JSON_DEPTH)}]` },
  { label: `unclosed ${REVIEW_DEPTH_LEVELS} levels`, text: "[".repeat(REVIEW_DEPTH_LEVELS) },
];

const encoder = new TextEncoder();
const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((part) => (typeof part === "string" ? encoder.encode(part) : Uint8Array.from(part)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
};
const LONE_SURROGATE_UTF8 = [0xed, 0xa0, 0x80];

/** Bodies that are not JSON at all (given a JSON content type). Built around a plausible body's text. */
export function malformedJson(base: string): { label: string; body: string | Uint8Array }[] {
  return [
    { label: "empty", body: "" },
    { label: "whitespace", body: " \n\t " },
    { label: "truncated", body: base.slice(0, Math.max(1, Math.floor(base.length / 2))) },
    { label: "trailing garbage", body: `${base} trailing` },
    { label: "second value", body: `${base} ${base}` },
    { label: "extra brace", body: `${base}}` },
    { label: "trailing comma", body: '{"a":1,}' },
    { label: "single quotes", body: "{'a':1}" },
    { label: "raw NUL in string", body: '{"a":"\u0000"}' },
    { label: "raw NUL", body: "\u0000" },
    { label: "NaN", body: "NaN" },
    { label: "hex number", body: '{"a":0x10}' },
    { label: "unterminated string", body: '{"a":"x' },
    { label: "lone surrogate bytes, unterminated", body: bytes('{"a":"', LONE_SURROGATE_UTF8) },
    { label: "escaped lone surrogate key, truncated", body: '{"\\ud800":' },
    { label: "invalid UTF-8 only", body: Uint8Array.from([0xff, 0xfe, 0xfd]) },
    { label: "unbalanced shallow", body: "[".repeat(MAX_JSON_DEPTH) },
    { label: "comment", body: `/* x */ ${base}` },
  ];
}

/** Path segments (already percent-encoded) naming nothing: none is a dot segment the URL parser would collapse. */
export function hostileIds(rng: Rng): { label: string; segment: string }[] {
  return [
    { label: "very long", segment: "x".repeat(8_000) },
    { label: "encoded traversal", segment: "..%2F..%2Fadmin" },
    { label: "encoded dots and slash", segment: "%2e%2e%2f" },
    { label: "NUL", segment: "%00" },
    { label: "bad escape", segment: "%ZZ" },
    { label: "lone percent", segment: "%" },
    { label: "unicode", segment: encodeURIComponent("ses_💥ünïcødé") },
    { label: "encoded lone surrogate", segment: "%ED%A0%80" },
    { label: "SQL", segment: encodeURIComponent("'; DROP TABLE sessions;--") },
    { label: "plausible id", segment: `ses_${rng.word(20)}` },
    { label: "glob", segment: "*" },
  ];
}

/** Header sets that no request may get past (bad key, bad or foreign project): all answer 4xx from auth. */
export function hostileAuthHeaders(key: string, otherProjectId: string, rng: Rng): { label: string; headers: Record<string, string> }[] {
  const bearer = { authorization: `Bearer ${key}` };
  return [
    { label: "no authorization", headers: {} },
    { label: "empty bearer", headers: { authorization: "Bearer" } },
    { label: "unknown key", headers: { authorization: `Bearer csk_test_${rng.word(32)}` } },
    { label: "key with junk", headers: { authorization: `Bearer ${key}x` } },
    { label: "basic", headers: { authorization: "Basic Zm9vOmJhcg==" } },
    { label: "garbage JWT", headers: { authorization: "Bearer a.b.c" } },
    { label: "alg none JWT", headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." } },
    { label: "huge bearer", headers: { authorization: `Bearer csk_${"x".repeat(8_000)}` } },
    { label: "project: short", headers: { ...bearer, "x-codespar-project": "prj_short" } },
    { label: "project: SQL", headers: { ...bearer, "x-codespar-project": "'; DROP TABLE projects;--" } },
    { label: "project: list", headers: { ...bearer, "x-codespar-project": `${otherProjectId}, ${otherProjectId}` } },
    { label: "project: huge", headers: { ...bearer, "x-codespar-project": "p".repeat(8_000) } },
    { label: "project: unknown", headers: { ...bearer, "x-codespar-project": `prj_${rng.word(16)}` } },
    { label: "project: other tenant's", headers: { ...bearer, "x-codespar-project": otherProjectId } },
  ];
}

/** Content types that a JSON route refuses (415), each sent with a body. (Fetch trims header values, so no padded ones.) */
export const NON_JSON_CONTENT_TYPES = [
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/jsonx",
  "json",
  "application/json, text/plain",
  "application/octet-stream",
];

/** Spellings of a JSON media type: the depth bound must hold for each. */
export const JSON_CONTENT_TYPES = ["application/json", "Application/JSON; charset=UTF-8", "application/vnd.api+json", "application/merge-patch+json"];

/** Raw query strings (after "?") with broken escapes, repeats and junk; GETs only, or paired with another fault. */
export const HOSTILE_QUERIES = [
  "%",
  "%ZZ=1",
  "a=%00&b=%ED%A0%80",
  "limit=1&limit=2&status=active&status=x",
  "status[]=active",
  "before=%FF",
  `junk=${"x".repeat(4_000)}`,
  Array.from({ length: 500 }, (_, i) => `k${i}=${i}`).join("&"),
];

/**
 * Header values with broken numbers, dates and sizes, for Stream-* and Producer-* headers. Non-ASCII
 * values are sent once each (workerd warns per request; see NON_ASCII_HEADER_VALUE).
 */
export const HOSTILE_HEADER_VALUES = [
  "",
  " ",
  "-1",
  "1.5",
  "01",
  "1e400",
  "NaN",
  "0x10",
  "99999999999999999999999",
  "true",
  "%00",
  "'; DROP TABLE streams;--",
  "%C3%A9",
  "x".repeat(8_000),
  "a, b",
];

/** A header value outside ASCII (sent as UTF-8 bytes). */
export const NON_ASCII_HEADER_VALUE = "prj_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9";

/** Stream-Forked-From values that name no stream of the caller or do not parse. */
export const HOSTILE_FORK_SOURCES = [
  "http://",
  "https://",
  "http://[",
  "https://x:99999/v1/stream/a",
  "http://gateway.test/v1/stream/",
  "/v1/stream/",
  "/",
  "%",
  "http://%zz/v1/stream/a",
  "javascript:alert(1)",
  "x".repeat(2_000),
];

/** Read queries on a stream (or a session's events) that are refused: no valid live read ever waits. */
export const HOSTILE_READ_QUERIES = [
  "offset=",
  "offset=-2",
  "offset=now%20",
  "offset=1_1",
  "offset=9999999999999999_9999999999999999",
  "offset=0000000000000000_9999999999999999",
  "offset=-1&offset=-1",
  "offset=-1&live=SSE",
  "offset=-1&live=",
  "offset=-1&live=true",
  "live=sse",
  "live=long-poll",
  `offset=-1&cursor=${"9".repeat(65)}`,
  "offset=%ZZ",
  "offset=%00",
];
