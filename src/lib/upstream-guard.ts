// Which outbound destinations the gateway may call on a tenant's behalf (MCP servers, proxy_execute):
// http(s) only, never private, link-local or otherwise special addresses, and loopback only when the
// development flag ALLOW_LOOPBACK_UPSTREAMS="true" is set (dev and test runs, never deploy).
// Hostnames are judged by name, not resolved: Workers have no DNS API, and deployed, egress leaves
// through Cloudflare's network, which cannot reach a tenant's or our private ranges anyway.
import type { Env } from "../env";

export type UpstreamVerdict = { ok: true } | { ok: false; reason: string };

type AddressClass = "public" | "loopback" | "private" | "link-local" | "reserved";

const REFUSED_NAME_SUFFIXES = [".internal", ".local", ".localdomain", ".home.arpa"];

function ipv4Bytes(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function classifyIpv4([a = 0, b = 0]: number[]): AddressClass {
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "private"; // carrier-grade NAT, 100.64.0.0/10
  if (a === 169 && b === 254) return "link-local";
  if (a === 0 || a >= 224) return "reserved"; // "this network", multicast, 240/4 and broadcast
  if (a === 198 && (b === 18 || b === 19)) return "reserved"; // benchmarking, 198.18.0.0/15
  return "public";
}

/** Eight 16-bit groups of an IPv6 literal as the URL parser prints it (hex groups, "::" at most once), or null. */
function ipv6Groups(host: string): number[] | null {
  if (!host.includes(":") || !/^[0-9a-f:]+$/.test(host)) return null;
  const halves = host.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => (g.length <= 4 ? Number.parseInt(g, 16) : Number.NaN)) : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if ([...head, ...rest].some((g) => Number.isNaN(g))) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest];
}

function classifyIpv6(groups: number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 0) return "reserved";
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are judged as IPv4.
  if (upperZero && (g5 === 0xffff || g5 === 0)) return classifyIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if (g0 === 0x64 && g1 === 0xff9b) return classifyIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]); // NAT64
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local, fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xff00) === 0xff00) return "reserved"; // multicast
  return "public";
}

function classifyHost(hostname: string): AddressClass {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  const v4 = ipv4Bytes(host);
  if (v4) return classifyIpv4(v4);
  const v6 = ipv6Groups(host);
  if (v6) return classifyIpv6(v6);
  if (host.includes(":")) return "reserved"; // an IPv6 form we do not understand: refuse rather than guess
  if (!host.includes(".") || REFUSED_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) return "private";
  return "public";
}

export const loopbackAllowed = (env: Pick<Env, "ALLOW_LOOPBACK_UPSTREAMS">) => env.ALLOW_LOOPBACK_UPSTREAMS === "true";

/** Whether the gateway may send a request to `url`. */
export function checkUpstream(url: URL, allowLoopback: boolean): UpstreamVerdict {
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: `${url.protocol} URLs are not allowed` };
  if (url.username || url.password) return { ok: false, reason: "URLs with credentials in them are not allowed" };
  const kind = classifyHost(url.hostname);
  if (kind === "public" || (kind === "loopback" && allowLoopback)) return { ok: true };
  return { ok: false, reason: `${url.hostname} is a ${kind} address, which the gateway does not call` };
}

export class UpstreamRefused extends Error {}

/**
 * fetch that refuses destinations checkUpstream rejects, and never follows redirects itself (the
 * caller sees 3xx and decides), so a redirect cannot lead it somewhere it would not go directly.
 */
export function guardedFetch(allowLoopback: boolean): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const verdict = checkUpstream(url, allowLoopback);
    if (!verdict.ok) return Promise.reject(new UpstreamRefused(verdict.reason));
    return fetch(input, { ...init, redirect: "manual" });
  };
}
