// The one destinations rule: which outbound URLs the gateway may call on a tenant's behalf (MCP
// servers, webhooks, proxy_execute, model providers). http(s) only, no credentials in the URL, never
// an address in a special-purpose range (src/lib/destinations/ip-ranges.ts), including IPv4 carried
// inside IPv6 (mapped, 6to4, NAT64, Teredo, ...), and loopback only with the development flag
// ALLOW_LOOPBACK_UPSTREAMS="true" (dev and test runs, never deploy).
// Hostnames are judged by name, not resolved: Workers have no DNS API, and deployed, egress leaves
// through Cloudflare's network, which cannot reach a tenant's or our private ranges anyway.
import { formatIpv4, parseIpv4Host, parseIpv6 } from "./ip-literals";
import { embeddedIpv4, ipv4Range, ipv6Range, type IpRange, type RangeClass } from "./ip-ranges";

export type UpstreamVerdict = { ok: true } | { ok: false; reason: string };

/** Beyond the address ranges: names that only resolve inside some network, and text no parser reads. */
export type HostClass = RangeClass | "local-name" | "single-label-name" | "cloud-metadata" | "unparseable";

/**
 * What a host is: `detail` completes "<host> is ...". `relayed` marks an IPv4 reached through a
 * relay or translator (6to4, NAT64, ...): its loopback is the relay's, so the dev flag never applies.
 */
export type HostJudgement = { kind: HostClass; detail: string; relayed: boolean };

// RFC 6762 .local, ICANN's private-use .internal (also metadata.google.internal), RFC 8375
// .home.arpa, and the conventional .localdomain: names that only resolve inside some network.
const LOCAL_NAME_SUFFIXES = [".internal", ".local", ".localdomain", ".home.arpa"];
// Instance-metadata services by name (GCP, AWS); their addresses are refused as link-local anyway.
const CLOUD_METADATA_NAMES = new Set(["metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"]);
// Letters, digits, '-' and '_' in dot-separated labels: what the URL parser leaves in a domain host.
const DOMAIN_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

const inRange = (range: IpRange) => `in the ${range.kind} range ${range.cidr} (${range.rfc})`;
const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");

function judgeIpv4(address: number): HostJudgement {
  const range = ipv4Range(address);
  return { kind: range?.kind ?? "public", detail: range ? inRange(range) : "a public IPv4 address", relayed: false };
}

function judgeIpv6(address: bigint): HostJudgement {
  const range = ipv6Range(address);
  if (!range) return { kind: "reserved", detail: "an IPv6 address in no known range", relayed: false };
  if (!range.embeds) return { kind: range.kind, detail: inRange(range), relayed: false };
  const { form, at, relayed } = range.embeds;
  const carried = `${article(form)} ${form} address`;
  for (const inner of embeddedIpv4(at, address)) {
    const judged = judgeIpv4(inner.address);
    const which = `${inner.role ? `${inner.role} ` : ""}${formatIpv4(inner.address)}`;
    if (judged.kind !== "public") return { kind: judged.kind, detail: `${carried} carrying ${which}, ${judged.detail}`, relayed };
  }
  // Every carried IPv4 is public: a "public" range lets it through, any other refuses by its own class.
  return { kind: range.kind, detail: range.kind === "public" ? carried : `${carried}, ${inRange(range)}`, relayed };
}

function judgeName(name: string): HostJudgement {
  const named = (kind: HostClass, detail: string): HostJudgement => ({ kind, detail, relayed: false });
  if (!DOMAIN_NAME.test(name)) return named("unparseable", "not a host name or address the guard can read");
  if (name === "localhost" || name.endsWith(".localhost")) return named("loopback", "a loopback name (RFC 6761)");
  if (CLOUD_METADATA_NAMES.has(name)) return named("cloud-metadata", "a cloud instance-metadata service name");
  const suffix = LOCAL_NAME_SUFFIXES.find((s) => name.endsWith(s) || name === s.slice(1));
  if (suffix) return named("local-name", `a name under ${suffix}, which resolves only inside a local network`);
  if (!name.includes(".")) return named("single-label-name", "a single-label name, which resolves only through a local search domain");
  return named("public", "a public host name");
}

/** What a hostname (as URL.hostname gives it, or raw: brackets, any case, any IPv4 spelling) is. */
export function classifyHost(hostname: string): HostJudgement {
  const host = hostname.toLowerCase();
  if (host.startsWith("[") || host.includes(":")) {
    const v6 = parseIpv6(host);
    return v6 === null ? { kind: "unparseable", detail: "an IPv6 form the guard cannot read", relayed: false } : judgeIpv6(v6);
  }
  const v4 = parseIpv4Host(host);
  if (v4 === "invalid") return { kind: "unparseable", detail: "a numeric host that is no IPv4 address", relayed: false };
  if (v4 !== "not-ipv4") {
    const judged = judgeIpv4(v4);
    const spelled = formatIpv4(v4);
    return spelled === host ? judged : { ...judged, detail: `${spelled}, ${judged.detail}` };
  }
  return judgeName(host.endsWith(".") ? host.slice(0, -1) : host);
}

/** Whether the gateway may call a host; the reason names the class that refused it. */
export function checkHost(hostname: string, allowLoopback: boolean): UpstreamVerdict {
  const { kind, detail, relayed } = classifyHost(hostname);
  if (kind === "public" || (kind === "loopback" && allowLoopback && !relayed)) return { ok: true };
  const why = kind === "loopback" && relayed ? "; a relay's or translator's loopback is not ours, so the development flag does not apply" : "";
  return { ok: false, reason: `${hostname} is ${detail}: the gateway does not call ${kind} destinations${why}` };
}

/** The development flag, as the Worker's and the objects' environments carry it. */
export interface LoopbackFlag {
  ALLOW_LOOPBACK_UPSTREAMS?: string;
}

export const loopbackAllowed = (env: LoopbackFlag) => env.ALLOW_LOOPBACK_UPSTREAMS === "true";

/** Whether the gateway may send a request to `url`. */
export function checkUpstream(url: URL, allowLoopback: boolean): UpstreamVerdict {
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: `${url.protocol} URLs are not allowed` };
  if (url.username || url.password) return { ok: false, reason: "URLs with credentials in them are not allowed" };
  return checkHost(url.hostname, allowLoopback);
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
