// Valid but extreme inputs for the fuzz: the largest integers, far-future and past dates, the
// longest accepted values. They may be accepted (and store), so each writes only to a scratch
// stream or session of its own; the fuzz checks only that none answers 5xx or an unshaped error.
import { MAX_STREAM_LIFETIME_S } from "../../src/lib/streams/request";
import { MAX_JSON_DEPTH } from "../../src/middleware/json-depth";
import { deepJson } from "./fuzz-inputs";
import type { Probe } from "./fuzz-plan";

const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);
const LAST_OFFSET = `0000000000000000_${MAX_SAFE.padStart(16, "0")}`;

/** `sourcePath` is an existing JSON stream; `scratch` prefixes the streams these probes may create. */
export function extremeProbes(key: string, sourcePath: string, scratch: string): Probe[] {
  const auth = { authorization: `Bearer ${key}` };
  const json = { ...auth, "content-type": "application/json" };
  const stream = (n: number) => `/v1/stream/${scratch}-${n}`;
  const probes: Omit<Probe, "mayAccept">[] = [
    { label: "TTL max safe integer", method: "PUT", path: stream(1), headers: { ...json, "Stream-TTL": MAX_SAFE } },
    { label: "TTL at the lifetime bound", method: "PUT", path: stream(10), headers: { ...json, "Stream-TTL": String(MAX_STREAM_LIFETIME_S) } },
    {
      label: "Expires-At near the lifetime bound",
      method: "PUT",
      path: stream(11),
      headers: { ...json, "Stream-Expires-At": new Date(Date.now() + (MAX_STREAM_LIFETIME_S - 60) * 1000).toISOString() },
    },
    { label: "Expires-At before the epoch", method: "PUT", path: stream(12), headers: { ...json, "Stream-Expires-At": "1969-12-31T23:59:59Z" } },
    { label: "Expires-At max date", method: "PUT", path: stream(2), headers: { ...json, "Stream-Expires-At": "+275760-09-13T00:00:00.000Z" } },
    { label: "Expires-At year 9999", method: "PUT", path: stream(3), headers: { ...json, "Stream-Expires-At": "9999-12-31T23:59:59.999Z" } },
    { label: "Expires-At epoch", method: "PUT", path: stream(4), headers: { ...json, "Stream-Expires-At": "1970-01-01T00:00:00Z" } },
    { label: "Expires-At bare year", method: "PUT", path: stream(5), headers: { ...json, "Stream-Expires-At": "1" } },
    {
      label: "fork at the last offset",
      method: "PUT",
      path: stream(6),
      headers: { ...json, "Stream-Forked-From": sourcePath, "Stream-Fork-Offset": LAST_OFFSET },
    },
    {
      label: "fork sub-offset max",
      method: "PUT",
      path: stream(7),
      headers: { ...json, "Stream-Forked-From": sourcePath, "Stream-Fork-Offset": "-1", "Stream-Fork-Sub-Offset": MAX_SAFE },
    },
    { label: "fork by full URL", method: "PUT", path: stream(8), headers: { ...json, "Stream-Forked-From": `http://gateway.test/v1/stream/${sourcePath}` } },
    { label: "create for appends", method: "PUT", path: stream(9), headers: json },
    { label: "Stream-Seq 8,000 chars", method: "POST", path: stream(9), headers: { ...json, "Stream-Seq": "z".repeat(8_000) }, body: "[1]" },
    { label: "Stream-Seq going back", method: "POST", path: stream(9), headers: { ...json, "Stream-Seq": "a" }, body: "[1]" },
    {
      label: "producer max epoch and seq",
      method: "POST",
      path: stream(9),
      headers: { ...json, "Producer-Id": "p", "Producer-Epoch": MAX_SAFE, "Producer-Seq": MAX_SAFE },
      body: "[1]",
    },
    {
      label: "producer seq past max",
      method: "POST",
      path: stream(9),
      headers: { ...json, "Producer-Id": "p", "Producer-Epoch": MAX_SAFE, "Producer-Seq": "9007199254740992" },
      body: "[1]",
    },
    { label: "append at the depth bound", method: "POST", path: stream(9), headers: json, body: `[${deepJson(MAX_JSON_DEPTH - 1)}]` },
    { label: "read past the tail", method: "GET", path: `${stream(9)}?offset=${LAST_OFFSET}`, headers: auth },
    { label: "read cursor 64 nines", method: "GET", path: `${stream(9)}?offset=-1&cursor=${"9".repeat(64)}`, headers: auth },
    { label: "session at the depth bound", method: "POST", path: "/v1/sessions", headers: json, body: `{"metadata":{"d":${deepJson(MAX_JSON_DEPTH - 2)}}}` },
    { label: "sessions before max date", method: "GET", path: "/v1/sessions?limit=100&before=%2B275760-09-13T00%3A00%3A00.000Z", headers: auth },
    { label: "sessions before an odd id", method: "GET", path: `/v1/sessions?before=ses_${"%25".repeat(30)}`, headers: auth },
  ];
  return probes.map((probe) => ({ ...probe, mayAccept: true }));
}
