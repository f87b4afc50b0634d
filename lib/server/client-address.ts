import "server-only";
// Which address a request came from. The socket's peer is the only fact we have; X-Forwarded-For and X-Real-IP are
// claims anyone can write, so they are believed only when the peer is one of our own proxies. Pure: the caller
// brings the peer, the headers and the trusted list (lib/server/client-ip.ts reads them from the request and env).
import { BlockList, isIP } from "node:net";

export interface TrustedProxies {
  has(address: string): boolean;
  readonly size: number;
}

/**
 * A bare, comparable IP from what sockets and proxies write: "[::1]:443", "10.0.0.1:5000", "::ffff:10.0.0.1" and
 * "FE80::1" all become plain addresses; anything that is not an IP is null.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let a = raw?.trim() ?? "";
  if (!a) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1];
  const kind = isIP(a);
  if (kind === 4) return a;
  // The URL parser writes IPv6 in its one canonical form (lower case, longest zero run compressed).
  if (kind === 6 && !a.includes("%")) return new URL(`http://[${a}]/`).hostname.slice(1, -1);
  return null;
}

/** FLEETPRINT_TRUSTED_PROXIES: comma-separated IPs and CIDRs. A bad entry throws: a typo must not fail open or shut. */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const blocks = new BlockList();
  let size = 0;
  for (const entry of (list ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [ip, bits, extra] = entry.split("/");
    const address = normalizeAddress(ip);
    const type = address && isIP(address) === 6 ? "ipv6" : "ipv4";
    const prefix = bits === undefined ? (type === "ipv6" ? 128 : 32) : Number(bits);
    if (!address || extra !== undefined || !/^\d+$/.test(bits ?? "0") || prefix > (type === "ipv6" ? 128 : 32)) {
      throw new Error(`FLEETPRINT_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/24, fd00::/8).`);
    }
    blocks.addSubnet(address, prefix, type);
    size++;
  }
  return {
    size,
    has: (address) => {
      const a = normalizeAddress(address);
      return a !== null && size > 0 && blocks.check(a, isIP(a) === 6 ? "ipv6" : "ipv4");
    },
  };
}

/**
 * The client's address: the peer itself unless the peer is a trusted proxy. Behind trusted proxies it is the
 * rightmost X-Forwarded-For hop that is not a trusted proxy (everything left of it was written by the client and
 * may be anything), else X-Real-IP. A hop that is not an address stops the walk at the proxy that passed it on.
 */
export function clientAddress(peer: string | null, header: (name: string) => string | null, trusted: TrustedProxies): string | null {
  const direct = normalizeAddress(peer);
  if (!direct || !trusted.has(direct)) return direct;
  const hops = (header("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  if (!hops.length) return normalizeAddress(header("x-real-ip")) ?? direct;
  let nearest = direct;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) return nearest;
    if (!trusted.has(hop)) return hop;
    nearest = hop;
  }
  return nearest; // every hop is one of ours: the request started inside
}

/**
 * The address an audit row records: canonical (better-auth hands sessions a fully expanded IPv6, which reads like
 * a row of zeros: "0000:0000:0000:0000:0000:0000:0000:0001" is ::1), and null rather than an unspecified address
 * ("::", "0.0.0.0", "::ffff:0.0.0.0"): no client connects from one, so it only ever means "not known".
 */
export function auditAddress(raw: string | null | undefined): string | null {
  const a = normalizeAddress(raw);
  return a === null || a === "::" || a === "0.0.0.0" ? null : a;
}
