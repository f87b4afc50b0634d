// Which addresses Fleetprint may send a request to. Webhook and alert URLs are typed in by admins, so without
// this an admin account (or a stolen session) could make the server read its own cloud metadata
// (169.254.169.254), a database port on loopback, or anything else on the private network, and show the answer.
// Only public unicast addresses pass, unless FLEETPRINT_OUTBOUND_ALLOW names the host or its network.

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "cloud metadata"
  | "carrier-grade NAT"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmarking"
  | "reserved"
  | "tunnel";

interface Range {
  bits: 32 | 128;
  base: bigint;
  prefix: number;
}

export interface Cidr extends Range {
  text: string;
}

/** 32-bit IPv4 or 128-bit IPv6 as a bigint; null when `text` is neither. Zone ids (fe80::1%eth0) are dropped. */
export function parseIp(text: string): { bits: 32 | 128; value: bigint } | null {
  const t = text.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const v4 = parseV4(t);
  if (v4 !== null) return { bits: 32, value: v4 };
  const v6 = parseV6(t);
  return v6 === null ? null : { bits: 128, value: v6 };
}

function parseV4(t: string): bigint | null {
  const parts = t.split(".");
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith("0"))) return null;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(text: string): bigint | null {
  let t = text;
  if (t.includes(".")) {
    // A trailing dotted IPv4 (::ffff:10.0.0.1) is two 16-bit words written another way.
    const at = t.lastIndexOf(":");
    const v4 = parseV4(t.slice(at + 1));
    if (v4 === null) return null;
    t = `${t.slice(0, at + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const words = (s: string) => (s === "" ? [] : s.split(":"));
  const a = words(halves[0]);
  const b = halves.length === 2 ? words(halves[1]) : [];
  if ([...a, ...b].some((w) => !/^[0-9a-fA-F]{1,4}$/.test(w))) return null;
  const given = a.length + b.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const all = [...a, ...Array<string>(8 - given).fill("0"), ...b];
  return all.reduce((acc, w) => (acc << 16n) | BigInt(parseInt(w, 16)), 0n);
}

/** "10.0.0.0/8", "fd00::/8", or a single address (as /32 or /128). Null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const prefix = len === undefined ? ip.bits : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= ip.bits)) return null;
  return { bits: ip.bits, base: mask(ip.value, ip.bits, prefix), prefix, text: text.trim() };
}

function mask(v: bigint, bits: number, prefix: number): bigint {
  const host = BigInt(bits - prefix);
  return (v >> host) << host;
}

function inRange(ip: { bits: number; value: bigint }, r: Range): boolean {
  return ip.bits === r.bits && mask(ip.value, r.bits, r.prefix) === r.base;
}

const range = (cidr: string) => parseCidr(cidr)!;
const V4: [Range, AddressKind][] = [
  [range("0.0.0.0/8"), "unspecified"],
  [range("10.0.0.0/8"), "private"],
  [range("100.64.0.0/10"), "carrier-grade NAT"],
  [range("127.0.0.0/8"), "loopback"],
  [range("169.254.169.254/32"), "cloud metadata"],
  [range("169.254.0.0/16"), "link-local"],
  [range("172.16.0.0/12"), "private"],
  [range("192.0.0.0/24"), "reserved"],
  [range("192.0.2.0/24"), "documentation"],
  [range("192.88.99.0/24"), "reserved"],
  [range("192.168.0.0/16"), "private"],
  [range("198.18.0.0/15"), "benchmarking"],
  [range("198.51.100.0/24"), "documentation"],
  [range("203.0.113.0/24"), "documentation"],
  [range("224.0.0.0/4"), "multicast"],
  [range("255.255.255.255/32"), "broadcast"],
  [range("240.0.0.0/4"), "reserved"],
];
const V6: [Range, AddressKind][] = [
  [range("::/128"), "unspecified"],
  [range("::1/128"), "loopback"],
  [range("64:ff9b:1::/48"), "private"],
  [range("100::/64"), "reserved"],
  [range("2001::/32"), "tunnel"], // Teredo: the far end is an IPv4 address we cannot see
  [range("2001:db8::/32"), "documentation"],
  [range("fd00:ec2::254/128"), "cloud metadata"], // AWS's IPv6 instance metadata
  [range("fc00::/7"), "private"],
  [range("fe80::/10"), "link-local"],
  [range("fec0::/10"), "private"],
  [range("ff00::/8"), "multicast"],
];
// IPv6 forms that carry an IPv4 address: judged by that address (::ffff:127.0.0.1 is loopback).
const EMBEDDED_V4: { r: Range; at: bigint }[] = [
  { r: range("::ffff:0:0/96"), at: 0n },
  { r: range("64:ff9b::/96"), at: 0n },
  { r: range("2002::/16"), at: 80n },
];
const GLOBAL_UNICAST = range("2000::/3");

/** What kind of address `text` is; "public" is the only kind requests go to by default. Null when not an IP. */
export function classifyAddress(text: string): AddressKind | null {
  const ip = parseIp(text);
  if (!ip) return null;
  if (ip.bits === 32) return V4.find(([r]) => inRange(ip, r))?.[1] ?? "public";
  for (const e of EMBEDDED_V4) {
    if (inRange(ip, e.r)) return classifyAddress(v4Text((ip.value >> e.at) & 0xffffffffn));
  }
  const special = V6.find(([r]) => inRange(ip, r))?.[1];
  if (special) return special;
  return inRange(ip, GLOBAL_UNICAST) ? "public" : "reserved";
}

function v4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
}

export interface AllowList {
  hosts: string[]; // exact names, or "*.suffix" for any name under it
  cidrs: Cidr[];
  invalid: string[];
}

/** FLEETPRINT_OUTBOUND_ALLOW: host names, "*.domain" patterns, addresses and CIDRs, comma or space separated. */
export function parseAllowList(text: string | undefined): AllowList {
  const out: AllowList = { hosts: [], cidrs: [], invalid: [] };
  for (const raw of (text ?? "").split(/[\s,]+/).filter(Boolean)) {
    const entry = raw.toLowerCase();
    const cidr = parseCidr(entry);
    if (cidr) out.cidrs.push(cidr);
    else if (/^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(entry)) out.hosts.push(entry.replace(/\.$/, ""));
    else out.invalid.push(raw);
  }
  return out;
}

function hostAllowed(hostname: string, allow: AllowList): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  return allow.hosts.some((h) => (h.startsWith("*.") ? name.endsWith(h.slice(1)) : name === h));
}

export type Verdict = { ok: true } | { ok: false; kind: AddressKind; reason: string };

/**
 * May a request for `hostname` connect to `address` (what the name resolved to, checked at connect time so a
 * DNS answer that changes between check and use cannot slip through)? The reason is written for the admin.
 */
export function outboundVerdict(hostname: string, address: string, allow: AllowList): Verdict {
  const kind = classifyAddress(address) ?? "reserved";
  if (kind === "public" || hostAllowed(hostname, allow)) return { ok: true };
  const ip = parseIp(address)!;
  if (ip && allow.cidrs.some((c) => inRange(ip, c))) return { ok: true };
  const bare = hostname.replace(/^\[|\]$/g, "");
  const what = parseIp(bare) ? `${address} is a ${kind} address` : `${bare} resolves to ${address}, a ${kind} address`;
  return {
    ok: false,
    kind,
    reason: `refused: ${what}; Fleetprint only sends requests to public addresses. To allow an internal receiver, add ${bare} (or its network) to FLEETPRINT_OUTBOUND_ALLOW in the server environment`,
  };
}
