// Reading IP address literals as numbers: IPv4 the way the WHATWG URL parser reads a host (so raw
// strings are judged as what `new URL` would resolve them to), IPv6 in every RFC 4291 spelling.
// Anything these cannot read is reported as such, never guessed at.

const IPV6_GROUPS = 8;
const BYTE_VALUES = 256;

/** One strict dotted-decimal byte (no leading zeros), as in CIDR tables and IPv6 dotted tails. */
const DECIMAL_BYTE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** `a.b.c.d` with four decimal bytes and nothing else, or null. */
export function parseDottedQuad(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => DECIMAL_BYTE.test(part))) return null;
  return parts.reduce((value, part) => value * BYTE_VALUES + Number(part), 0);
}

/** One WHATWG IPv4 number: 0x-prefixed hex ("0x" alone is 0), 0-prefixed octal, or decimal. */
function ipv4Number(part: string): number {
  if (/^0x/i.test(part)) return /^[0-9a-f]*$/i.test(part.slice(2)) ? Number.parseInt(part.slice(2) || "0", 16) : Number.NaN;
  if (part.length > 1 && part.startsWith("0")) return /^[0-7]+$/.test(part.slice(1)) ? Number.parseInt(part.slice(1), 8) : Number.NaN;
  return /^\d+$/.test(part) ? Number(part) : Number.NaN;
}

/**
 * A host the URL parser would read as IPv4 (`2130706433`, `0x7f.1`, `017700000001`, `127.1`):
 * its 32-bit value; "not-ipv4" for a domain name; "invalid" when the last label is a number but the
 * whole is no address (the URL parser rejects those, so a raw string like that must be refused).
 */
export function parseIpv4Host(host: string): number | "not-ipv4" | "invalid" {
  const parts = host.split(".");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop();
  const last = parts.at(-1) ?? "";
  if (!/^\d+$/.test(last) && !/^0x[0-9a-f]*$/i.test(last)) return "not-ipv4";
  if (parts.length > 4) return "invalid";
  const numbers = parts.map(ipv4Number);
  if (numbers.some((n) => Number.isNaN(n))) return "invalid";
  const lastNumber = numbers.pop() ?? 0;
  if (numbers.some((n) => n >= BYTE_VALUES)) return "invalid";
  if (lastNumber >= BYTE_VALUES ** (4 - numbers.length)) return "invalid";
  return numbers.reduce((value, n, index) => value + n * BYTE_VALUES ** (3 - index), lastNumber);
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % BYTE_VALUES).join(".");
}

/** 16-bit groups of one side of "::"; a dotted IPv4 tail (only allowed last) counts as two groups. */
function groupsOf(side: string, tailAllowed: boolean): number[] | null {
  if (side === "") return [];
  const texts = side.split(":");
  const groups: number[] = [];
  for (const [index, text] of texts.entries()) {
    if (text.includes(".")) {
      const v4 = tailAllowed && index === texts.length - 1 ? parseDottedQuad(text) : null;
      if (v4 === null) return null;
      groups.push(Math.floor(v4 / 0x10000), v4 % 0x10000);
    } else if (/^[0-9a-f]{1,4}$/.test(text)) {
      groups.push(Number.parseInt(text, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/**
 * An IPv6 literal (brackets optional, any case, zero-padded groups, "::" once for at least one zero
 * group, dotted IPv4 tail) as a 128-bit value, or null. Zone ids (`%eth0`) are refused.
 */
export function parseIpv6(text: string): bigint | null {
  const host = text.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const halves = host.split("::");
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0] ?? "", halves.length === 1);
  const tail = groupsOf(halves[1] ?? "", true);
  if (!head || !tail) return null;
  const missing = IPV6_GROUPS - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}
