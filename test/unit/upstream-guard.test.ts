// The destinations guard (src/lib/upstream-guard.ts) in plain Node: every IANA special-purpose range
// of both families, IPv4 carried inside IPv6, IPv4 spellings the URL parser normalizes, raw host
// strings, refused names, the loopback flag, and guardedFetch.
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkHost, checkUpstream, guardedFetch, loopbackAllowed, UpstreamRefused, type UpstreamVerdict } from "../../src/shared/destinations/guard";

const urlFor = (address: string) => (address.includes(":") ? `http://[${address}]/` : `http://${address}/`);
const viaUrl = (url: string, loopback = false) => checkUpstream(new URL(url), loopback);
const reasonOf = (verdict: UpstreamVerdict) => (verdict.ok ? "(allowed)" : verdict.reason);

/** Refused with and without the loopback flag, with a reason naming `kind` (and the range, if given). */
function expectRefused(verdicts: UpstreamVerdict[], kind: string, cidr?: string) {
  for (const verdict of verdicts) {
    expect(verdict.ok).toBe(false);
    expect(reasonOf(verdict)).toContain(` ${kind} `);
    if (cidr) expect(reasonOf(verdict)).toContain(cidr);
  }
}

/** Every way the guard can be handed an address: a URL (normalized by the parser), raw, bracketed raw. */
const everyForm = (address: string, loopback: boolean) => {
  const forms = [viaUrl(urlFor(address), loopback), checkHost(address, loopback)];
  return address.includes(":") ? [...forms, checkHost(`[${address}]`, loopback)] : forms;
};
const bothFlags = (address: string) => [...everyForm(address, false), ...everyForm(address, true)];

// [range, class, addresses in it: first, one inside, last]
const IPV4_SPECIAL: [string, string, string[]][] = [
  ["0.0.0.0/8", "this-network", ["0.0.0.0", "0.1.2.3", "0.255.255.255"]],
  ["10.0.0.0/8", "private", ["10.0.0.0", "10.20.30.40", "10.255.255.255"]],
  ["100.64.0.0/10", "shared-cgnat", ["100.64.0.0", "100.100.100.200", "100.127.255.255"]],
  ["169.254.0.0/16", "link-local", ["169.254.0.0", "169.254.169.254", "169.254.255.255"]],
  ["172.16.0.0/12", "private", ["172.16.0.0", "172.20.1.1", "172.31.255.255"]],
  ["192.0.0.0/24", "ietf-protocol", ["192.0.0.0", "192.0.0.9", "192.0.0.255"]],
  ["192.0.2.0/24", "documentation", ["192.0.2.0", "192.0.2.45", "192.0.2.255"]],
  ["192.31.196.0/24", "as112", ["192.31.196.0", "192.31.196.1", "192.31.196.255"]],
  ["192.52.193.0/24", "amt", ["192.52.193.0", "192.52.193.1", "192.52.193.255"]],
  ["192.88.99.0/24", "6to4-relay", ["192.88.99.0", "192.88.99.1", "192.88.99.255"]],
  ["192.168.0.0/16", "private", ["192.168.0.0", "192.168.1.1", "192.168.255.255"]],
  ["192.175.48.0/24", "as112", ["192.175.48.0", "192.175.48.6", "192.175.48.255"]],
  ["198.18.0.0/15", "benchmarking", ["198.18.0.0", "198.19.1.1", "198.19.255.255"]],
  ["198.51.100.0/24", "documentation", ["198.51.100.0", "198.51.100.7", "198.51.100.255"]],
  ["203.0.113.0/24", "documentation", ["203.0.113.0", "203.0.113.9", "203.0.113.255"]],
  ["224.0.0.0/4", "multicast", ["224.0.0.0", "239.1.2.3", "239.255.255.255"]],
  ["240.0.0.0/4", "reserved", ["240.0.0.0", "250.1.2.3", "255.255.255.254"]],
  ["255.255.255.255/32", "broadcast", ["255.255.255.255"]],
];

const IPV6_SPECIAL: [string, string, string[]][] = [
  ["::/128", "unspecified", ["::", "0:0:0:0:0:0:0:0"]],
  ["64:ff9b:1::/48", "local-use-nat64", ["64:ff9b:1::", "64:ff9b:1::808:808", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff"]],
  ["100::/64", "discard", ["100::", "100::1", "100::ffff:ffff:ffff:ffff"]],
  ["2001::/23", "ietf-protocol", ["2001:1::1", "2001:3::1", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["2001::/32", "teredo", ["2001:0:808:808::f7f7:f7f7"]], // server and client both 8.8.8.8: still Teredo
  ["2001:2::/48", "benchmarking", ["2001:2::", "2001:2:0:ffff:ffff:ffff:ffff:ffff"]],
  ["2001:10::/28", "orchid", ["2001:10::", "2001:1f:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["2001:20::/28", "orchid", ["2001:20::", "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["2001:db8::/32", "documentation", ["2001:db8::", "2001:db8:85a3::8a2e:370:7334", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["2620:4f:8000::/48", "as112", ["2620:4f:8000::", "2620:4f:8000::1", "2620:4f:8000:ffff:ffff:ffff:ffff:ffff"]],
  ["3fff::/20", "documentation", ["3fff::", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["5f00::/16", "srv6", ["5f00::", "5f00:1::1", "5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["fc00::/7", "unique-local", ["fc00::", "fd00:ec2::254", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["fe80::/10", "link-local", ["fe80::", "fe80::1", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["fec0::/10", "site-local", ["fec0::", "fec0::1", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["ff00::/8", "multicast", ["ff00::", "ff02::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]],
  ["::/0", "reserved", ["1::", "1000::1", "4000::1", "e000::1", "fe00::1"]], // outside global unicast 2000::/3
  ["::/96", "ipv4-compatible", ["::8.8.8.8"]], // deprecated: refused even carrying a public IPv4
  ["::ffff:0:0:0/96", "ipv4-translated", ["::ffff:0:8.8.8.8"]], // obsolete SIIT form, likewise
];

const rows = (table: [string, string, string[]][]) =>
  table.flatMap(([cidr, kind, addresses]) => addresses.map((address): [string, string, string] => [address, kind, cidr]));

describe("special-purpose ranges", () => {
  it.each(rows(IPV4_SPECIAL))("refuses %s as %s (%s), with or without the loopback flag", (address, kind, cidr) => {
    expectRefused(bothFlags(address), kind, cidr);
  });

  it.each(rows(IPV6_SPECIAL))("refuses %s as %s (%s), with or without the loopback flag", (address, kind, cidr) => {
    expectRefused(bothFlags(address), kind, cidr);
  });

  it.each(["127.0.0.0", "127.0.0.1", "127.8.9.10", "127.255.255.255", "::1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001"])(
    "refuses loopback %s without the flag and allows it with the flag",
    (address) => {
      expectRefused(everyForm(address, false), "loopback");
      for (const verdict of everyForm(address, true)) expect(verdict).toEqual({ ok: true });
    },
  );

  it.each([
    ...["1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0"],
    ...["169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.255", "192.0.3.0", "192.88.98.255", "192.88.100.0"],
    ...["192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "203.0.112.255", "203.0.114.0", "223.255.255.255"],
    ...["2606:4700:4700::1111", "2001:4860:4860::8888", "2000::", "2001:200::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::"],
    ...["2003::1", "2620:4f:7fff:ffff:ffff:ffff:ffff:ffff", "2620:4f:8001::", "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "3fff:1000::"],
  ])("allows the public address %s", (address) => {
    for (const verdict of [...everyForm(address, false), ...everyForm(address, true)]) expect(verdict).toEqual({ ok: true });
  });
});

// [spelling, expected class, or "public" when it carries a public IPv4 through an allowed form]
const EMBEDDED: Record<string, [string, string][]> = {
  "6to4 2002::/16 (IPv4 in groups 1-2)": [
    ["2002:7f00:1::", "loopback"],
    ["2002:7f00:0001:0000:0000:0000:0000:0001", "loopback"],
    ["2002:a00:1::1", "private"],
    ["2002:c0a8:101::", "private"],
    ["2002:a9fe:a9fe::", "link-local"],
    ["2002:6440:1::", "shared-cgnat"],
    ["2002::", "this-network"],
    ["2002:c058:6301::", "6to4-relay"],
    ["2002:e000:1::", "multicast"],
    ["2002:808:808::", "public"],
    ["2002:101:101::1", "public"],
  ],
  "Teredo 2001::/32 (server in bits 32-63, client inverted in the low 32)": [
    ["2001:0:808:808::80ff:fffe", "loopback"], // client 127.0.0.1
    ["2001:0:808:808::f5ff:fffe", "private"], // client 10.0.0.1
    ["2001:0:808:808::5601:5601", "link-local"], // client 169.254.169.254
    ["2001:0:a00:1::f7f7:f7f7", "private"], // server 10.0.0.1
    ["2001:0:7f00:1::f7f7:f7f7", "loopback"], // server 127.0.0.1
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "documentation"], // RFC 4380's example: client 192.0.2.45
  ],
  "NAT64 64:ff9b::/96": [
    ["64:ff9b::7f00:1", "loopback"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::192.168.1.1", "private"],
    ["64:ff9b::169.254.169.254", "link-local"],
    ["64:ff9b::", "this-network"],
    ["64:ff9b::808:808", "public"],
    ["64:ff9b::1.1.1.1", "public"],
  ],
  "local-use NAT64 64:ff9b:1::/48": [
    ["64:ff9b:1::a00:1", "local-use-nat64"],
    ["64:ff9b:1::8.8.8.8", "local-use-nat64"],
  ],
  "IPv4-translated ::ffff:0:0:0/96": [
    ["::ffff:0:127.0.0.1", "loopback"],
    ["::ffff:0:7f00:1", "loopback"],
    ["0:0:0:0:ffff:0:7f00:1", "loopback"],
    ["::ffff:0:10.0.0.1", "private"],
    ["::ffff:0:169.254.169.254", "link-local"],
    ["::ffff:0:8.8.8.8", "ipv4-translated"],
  ],
  "IPv4-compatible ::/96": [
    ["::127.0.0.1", "loopback"],
    ["::7f00:1", "loopback"],
    ["::10.0.0.1", "private"],
    ["::169.254.169.254", "link-local"],
    ["::0.0.0.2", "this-network"],
    ["::8.8.8.8", "ipv4-compatible"],
  ],
  "IPv4-mapped ::ffff:0:0/96": [
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["0:0:0:0:0:ffff:169.254.169.254", "link-local"],
    ["::ffff:192.168.1.1", "private"],
    ["::ffff:100.64.0.1", "shared-cgnat"],
    ["::ffff:0.0.0.0", "this-network"],
    ["::ffff:224.0.0.1", "multicast"],
    ["::ffff:8.8.8.8", "public"],
    ["::ffff:101:101", "public"],
  ],
};

describe("IPv4 carried inside IPv6", () => {
  describe.each(Object.entries(EMBEDDED))("%s", (_form, cases) => {
    it.each(cases)("judges %s by what it carries: %s", (address, kind) => {
      if (kind === "public") {
        for (const verdict of bothFlags(address)) expect(verdict).toEqual({ ok: true });
      } else {
        // Loopback reached through a relay or translator is the relay's, so the flag never allows it.
        expectRefused(bothFlags(address), kind);
      }
    });
  });

  it.each([
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::FFFF:127.0.0.1",
    "::FFFF:7F00:1",
    "0:0:0:0:0:ffff:7f00:1",
    "0:0:0:0:0:ffff:127.0.0.1",
    "0000:0000:0000:0000:0000:FFFF:7F00:0001",
    "::0:ffff:7f00:1",
    "::ffff:127.255.255.255",
  ])("treats the IPv4-mapped loopback %s as loopback: refused without the flag, allowed with it", (address) => {
    expectRefused(everyForm(address, false), "loopback");
    for (const verdict of everyForm(address, true)) expect(verdict).toEqual({ ok: true });
  });

  it("names the carried address and its range in the reason", () => {
    expect(reasonOf(checkHost("[::ffff:169.254.169.254]", false))).toContain("169.254.169.254, in the link-local range 169.254.0.0/16 (RFC 3927)");
    expect(reasonOf(checkHost("2001:0:808:808::f5ff:fffe", false))).toContain("client 10.0.0.1");
    expect(reasonOf(viaUrl("http://[2002:7f00:1::]/", true))).toContain("loopback is not ours");
  });
});

describe("IPv4 spellings the URL parser normalizes", () => {
  it.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://017700000001/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://0x7F.0.0.1/", "127.0.0.1"],
    ["http://127.000.000.001/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
  ])("judges %s as loopback %s", (url, resolved) => {
    expect(new URL(url).hostname).toBe(resolved);
    const host = url.slice("http://".length, -1);
    expectRefused([viaUrl(url), checkHost(host, false)], "loopback");
    expect(viaUrl(url, true)).toEqual({ ok: true });
    expect(checkHost(host, true)).toEqual({ ok: true });
  });

  it.each([
    ["http://167772161/", "10.0.0.1", "private"],
    ["http://10.1/", "10.0.0.1", "private"],
    ["http://0300.0250.1.1/", "192.168.1.1", "private"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254", "link-local"],
    ["http://0251.0376.0251.0376/", "169.254.169.254", "link-local"],
    ["http://169.254.43518/", "169.254.169.254", "link-local"],
    ["http://2852039166/", "169.254.169.254", "link-local"],
    ["http://0/", "0.0.0.0", "this-network"],
    ["http://0xffffffff/", "255.255.255.255", "broadcast"],
  ])("judges %s as %s (%s)", (url, resolved, kind) => {
    expect(new URL(url).hostname).toBe(resolved);
    expectRefused([viaUrl(url), viaUrl(url, true), checkHost(url.slice("http://".length, -1), true)], kind);
  });

  it.each([
    ["http://134744072/", "8.8.8.8"],
    ["http://0x8080808/", "8.8.8.8"],
    ["http://0x01010101/", "1.1.1.1"],
    ["http://1.1/", "1.0.0.1"],
  ])("allows %s, the public %s", (url, resolved) => {
    expect(new URL(url).hostname).toBe(resolved);
    expect(viaUrl(url)).toEqual({ ok: true });
    expect(checkHost(url.slice("http://".length, -1), false)).toEqual({ ok: true });
  });
});

describe("host strings the guard cannot read", () => {
  it.each([
    "",
    "1.2.3.4.5",
    "256.0.0.1",
    "1.2.3.09",
    "foo.0x7f",
    "127.0.0.1 ",
    "exa mple.com",
    "fe80::1%eth0",
    "1::2::3",
    "12345::1",
    ":::",
    "[::1",
    "::ffff:127.0.0.01",
    "::ffff:256.0.0.1",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "::1.2.3.4:5",
  ])("refuses %j even with the loopback flag", (host) => {
    expectRefused([checkHost(host, false), checkHost(host, true)], "unparseable");
  });
});

describe("names", () => {
  it.each(["localhost", "LOCALHOST", "localhost.", "api.localhost"])("refuses %s as loopback unless the flag is set", (name) => {
    expectRefused([checkHost(name, false), viaUrl(`http://${name}/`)], "loopback");
    expect(viaUrl(`http://${name}/`, true)).toEqual({ ok: true });
  });

  it.each([
    ["metadata", "cloud-metadata"],
    ["metadata.google.internal", "cloud-metadata"],
    ["instance-data", "cloud-metadata"],
    ["instance-data.ec2.internal", "cloud-metadata"],
    ["db.internal", "local-name"],
    ["printer.local", "local-name"],
    ["router.localdomain", "local-name"],
    ["nas.home.arpa", "local-name"],
    ["intranet", "single-label-name"],
  ])("refuses %s as %s even with the loopback flag", (name, kind) => {
    expectRefused([viaUrl(`http://${name}/`), viaUrl(`https://${name.toUpperCase()}./x`, true), checkHost(name, true)], kind);
  });

  it.each(["example.com", "EXAMPLE.COM", "example.com.", "api.asaas.com", "xn--bcher-kva.ch", "mcp_server.example.com"])("allows %s", (name) => {
    expect(checkHost(name, false)).toEqual({ ok: true });
  });
});

describe("checkUpstream", () => {
  it("allows public http and https URLs with ports and paths", () => {
    expect(viaUrl("https://api.asaas.com/v3")).toEqual({ ok: true });
    expect(viaUrl("http://example.com:8080/x")).toEqual({ ok: true });
    expect(viaUrl("https://[2606:4700:4700::1111]:8443/")).toEqual({ ok: true });
  });

  it("refuses other schemes and URLs carrying credentials", () => {
    for (const url of ["ftp://example.com/", "file:///etc/passwd", "ws://example.com/", "https://user:pass@example.com/", "https://user@example.com/"]) {
      expect(viaUrl(url).ok).toBe(false);
      expect(viaUrl(url, true).ok).toBe(false);
    }
  });
});

describe("loopbackAllowed", () => {
  it("is on only for the exact string true", () => {
    expect(loopbackAllowed({ ALLOW_LOOPBACK_UPSTREAMS: "true" })).toBe(true);
    for (const value of ["false", "1", "TRUE", undefined]) expect(loopbackAllowed({ ALLOW_LOOPBACK_UPSTREAMS: value })).toBe(false);
  });
});

describe("guardedFetch", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("rejects a refused destination with UpstreamRefused without calling fetch", async () => {
    const fetchStub = vi.fn(async () => new Response("no"));
    vi.stubGlobal("fetch", fetchStub);
    await expect(guardedFetch(true)("http://[::ffff:10.0.0.1]/")).rejects.toBeInstanceOf(UpstreamRefused);
    await expect(guardedFetch(false)(new Request("http://2130706433/"))).rejects.toThrow(/loopback/);
    expect(fetchStub).not.toHaveBeenCalled();
  });

  it("passes an allowed destination to fetch with redirects left to the caller", async () => {
    const fetchStub = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => new Response("ok"));
    vi.stubGlobal("fetch", fetchStub);
    const response = await guardedFetch(false)("https://example.com/x", { method: "POST" });
    expect(await response.text()).toBe("ok");
    expect(fetchStub).toHaveBeenCalledWith("https://example.com/x", { method: "POST", redirect: "manual" });
  });
});
