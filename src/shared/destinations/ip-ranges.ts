// The IANA special-purpose address registries (IPv4 and IPv6) as tables of CIDR ranges, each with its
// class and the RFC that defines it, and the longest-prefix lookup the destinations guard uses.
// Ranges that embed an IPv4 address say where it sits; the guard judges that address too.
import { parseDottedQuad, parseIpv6 } from "./ip-literals";

export type RangeClass =
  | "public"
  | "this-network"
  | "unspecified"
  | "loopback"
  | "private"
  | "shared-cgnat"
  | "link-local"
  | "unique-local"
  | "site-local"
  | "ietf-protocol"
  | "documentation"
  | "benchmarking"
  | "as112"
  | "amt"
  | "6to4-relay"
  | "orchid"
  | "teredo"
  | "ipv4-compatible"
  | "ipv4-translated"
  | "local-use-nat64"
  | "discard"
  | "srv6"
  | "multicast"
  | "broadcast"
  | "reserved";

/**
 * An IPv4 address carried inside an IPv6 one: where (the low 32 bits; 6to4's bits 16-47; Teredo's
 * server in bits 32-63 and client in the low 32 bits inverted) and whether reaching it goes through
 * a relay or translator, whose loopback is its own, never ours.
 */
export type Embedding = { form: string; at: "low-32" | "6to4" | "teredo"; relayed: boolean };

/** kind is the range's own class; for a "public" range with `embeds`, the embedded IPv4 decides. */
export type IpRange = { cidr: string; kind: RangeClass; rfc: string; embeds?: Embedding };

// The IPv4 Special-Purpose Address Registry; everything not listed is public.
const IPV4: IpRange[] = [
  { cidr: "0.0.0.0/8", kind: "this-network", rfc: "RFC 791" },
  { cidr: "10.0.0.0/8", kind: "private", rfc: "RFC 1918" },
  { cidr: "100.64.0.0/10", kind: "shared-cgnat", rfc: "RFC 6598" },
  { cidr: "127.0.0.0/8", kind: "loopback", rfc: "RFC 1122" },
  { cidr: "169.254.0.0/16", kind: "link-local", rfc: "RFC 3927" },
  { cidr: "172.16.0.0/12", kind: "private", rfc: "RFC 1918" },
  // Whole /24 (DS-Lite, PCP and TURN anycast, NAT64 discovery): no tenant service lives there.
  { cidr: "192.0.0.0/24", kind: "ietf-protocol", rfc: "RFC 6890" },
  { cidr: "192.0.2.0/24", kind: "documentation", rfc: "RFC 5737" },
  { cidr: "192.31.196.0/24", kind: "as112", rfc: "RFC 7535" },
  { cidr: "192.52.193.0/24", kind: "amt", rfc: "RFC 7450" },
  { cidr: "192.88.99.0/24", kind: "6to4-relay", rfc: "RFC 7526" },
  { cidr: "192.168.0.0/16", kind: "private", rfc: "RFC 1918" },
  { cidr: "192.175.48.0/24", kind: "as112", rfc: "RFC 7534" },
  { cidr: "198.18.0.0/15", kind: "benchmarking", rfc: "RFC 2544" },
  { cidr: "198.51.100.0/24", kind: "documentation", rfc: "RFC 5737" },
  { cidr: "203.0.113.0/24", kind: "documentation", rfc: "RFC 5737" },
  { cidr: "224.0.0.0/4", kind: "multicast", rfc: "RFC 5771" },
  { cidr: "240.0.0.0/4", kind: "reserved", rfc: "RFC 1112" },
  { cidr: "255.255.255.255/32", kind: "broadcast", rfc: "RFC 919" },
];

// The IPv6 Special-Purpose Address Registry, over a default of "reserved": only 2000::/3 is
// allocated for global unicast, so anything outside it that no row names is refused too.
const IPV6: IpRange[] = [
  { cidr: "::/0", kind: "reserved", rfc: "RFC 4291 §2.4, outside global unicast 2000::/3" },
  { cidr: "2000::/3", kind: "public", rfc: "RFC 4291 §2.4" },
  { cidr: "::/128", kind: "unspecified", rfc: "RFC 4291" },
  { cidr: "::1/128", kind: "loopback", rfc: "RFC 4291" },
  // Deprecated automatic-tunnel and obsolete SIIT forms: refused whatever they carry.
  { cidr: "::/96", kind: "ipv4-compatible", rfc: "RFC 4291 §2.5.5.1", embeds: { form: "IPv4-compatible", at: "low-32", relayed: true } },
  { cidr: "::ffff:0:0:0/96", kind: "ipv4-translated", rfc: "RFC 2765", embeds: { form: "IPv4-translated", at: "low-32", relayed: true } },
  // The host's own stack treats a mapped address as the IPv4 itself, loopback included.
  { cidr: "::ffff:0:0/96", kind: "public", rfc: "RFC 4291 §2.5.5.2", embeds: { form: "IPv4-mapped", at: "low-32", relayed: false } },
  // The well-known prefix must not carry non-global IPv4 (RFC 6052 §3.1); local-use prefixes put the
  // IPv4 where their operator chooses, so it cannot be judged and the range is refused.
  { cidr: "64:ff9b::/96", kind: "public", rfc: "RFC 6052", embeds: { form: "NAT64", at: "low-32", relayed: true } },
  { cidr: "64:ff9b:1::/48", kind: "local-use-nat64", rfc: "RFC 8215" },
  { cidr: "100::/64", kind: "discard", rfc: "RFC 6666" },
  // Whole /23 (Teredo, PCP/TURN anycast, AMT, AS112, ORCHID, DRIP): nothing a tenant would call.
  { cidr: "2001::/23", kind: "ietf-protocol", rfc: "RFC 2928" },
  { cidr: "2001::/32", kind: "teredo", rfc: "RFC 4380", embeds: { form: "Teredo", at: "teredo", relayed: true } },
  { cidr: "2001:2::/48", kind: "benchmarking", rfc: "RFC 5180" },
  { cidr: "2001:10::/28", kind: "orchid", rfc: "RFC 4843" },
  { cidr: "2001:20::/28", kind: "orchid", rfc: "RFC 7343" },
  { cidr: "2001:db8::/32", kind: "documentation", rfc: "RFC 3849" },
  { cidr: "2002::/16", kind: "public", rfc: "RFC 3056", embeds: { form: "6to4", at: "6to4", relayed: true } },
  { cidr: "2620:4f:8000::/48", kind: "as112", rfc: "RFC 7534" },
  { cidr: "3fff::/20", kind: "documentation", rfc: "RFC 9637" },
  { cidr: "5f00::/16", kind: "srv6", rfc: "RFC 9602" },
  { cidr: "fc00::/7", kind: "unique-local", rfc: "RFC 4193" },
  { cidr: "fe80::/10", kind: "link-local", rfc: "RFC 4291" },
  { cidr: "fec0::/10", kind: "site-local", rfc: "RFC 3879" },
  { cidr: "ff00::/8", kind: "multicast", rfc: "RFC 4291" },
];

type Compiled = { range: IpRange; shift: bigint; base: bigint };

/** Parses each row once at load, longest prefix first; a malformed row is a bug, so it throws. */
function compile(rows: IpRange[], bits: number, parse: (text: string) => bigint | null): Compiled[] {
  return rows
    .map((range) => {
      const [text = "", lengthText = ""] = range.cidr.split("/");
      const address = parse(text);
      const length = /^\d+$/.test(lengthText) ? Number(lengthText) : Number.NaN;
      if (address === null || !(length >= 0 && length <= bits)) throw new Error(`bad CIDR ${range.cidr}`);
      const shift = BigInt(bits - length);
      if ((address >> shift) << shift !== address) throw new Error(`CIDR ${range.cidr} has host bits set`);
      return { range, shift, base: address >> shift, length };
    })
    .sort((a, b) => b.length - a.length)
    .map(({ range, shift, base }) => ({ range, shift, base }));
}

const parseV4 = (text: string) => {
  const value = parseDottedQuad(text);
  return value === null ? null : BigInt(value);
};
const COMPILED_V4 = compile(IPV4, 32, parseV4);
const COMPILED_V6 = compile(IPV6, 128, parseIpv6);

const longestMatch = (table: Compiled[], address: bigint) => table.find(({ shift, base }) => address >> shift === base)?.range;

/** The most specific special-purpose range holding an IPv4 address, or undefined when it is public. */
export const ipv4Range = (address: number): IpRange | undefined => longestMatch(COMPILED_V4, BigInt(address));

/** The most specific range holding an IPv6 address (the ::/0 row catches everything unlisted). */
export const ipv6Range = (address: bigint): IpRange | undefined => longestMatch(COMPILED_V6, address);

const LOW_32_BITS = 0xffffffffn;

/** The IPv4 addresses an IPv6 address carries, at the place its range puts them. */
export function embeddedIpv4(at: Embedding["at"], address: bigint): { role?: "server" | "client"; address: number }[] {
  if (at === "6to4") return [{ address: Number((address >> 80n) & LOW_32_BITS) }];
  if (at === "teredo") {
    return [
      { role: "server", address: Number((address >> 64n) & LOW_32_BITS) },
      { role: "client", address: Number((address & LOW_32_BITS) ^ LOW_32_BITS) },
    ];
  }
  return [{ address: Number(address & LOW_32_BITS) }];
}

export const IPV4_RANGES: readonly IpRange[] = IPV4;
export const IPV6_RANGES: readonly IpRange[] = IPV6;
