import { describe, expect, it } from "vitest";
import { auditAddress, clientAddress, normalizeAddress, parseTrustedProxies } from "./client-address";

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;
const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies("10.0.0.5, 10.1.0.0/16, fd00::/8");

describe("normalizeAddress", () => {
  it("strips ports, brackets and the IPv4-mapped prefix; writes IPv6 one way", () => {
    expect(normalizeAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(normalizeAddress(" 203.0.113.9:51234 ")).toBe("203.0.113.9");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("[2001:DB8:0:0::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("2001:db8:0000::0001")).toBe("2001:db8::1");
  });
  it("is null for anything that is not an address", () => {
    for (const bad of [null, "", "unknown", "example.com", "1.2.3", "999.1.1.1", "fe80::1%eth0", "1.2.3.4, 5.6.7.8"]) expect(normalizeAddress(bad)).toBeNull();
  });
});

describe("parseTrustedProxies", () => {
  it("matches addresses and CIDR ranges of both families", () => {
    expect(proxies.size).toBe(3);
    expect(proxies.has("10.0.0.5")).toBe(true);
    expect(proxies.has("::ffff:10.0.0.5")).toBe(true);
    expect(proxies.has("10.0.0.6")).toBe(false);
    expect(proxies.has("10.1.200.3")).toBe(true);
    expect(proxies.has("fd12:3456::1")).toBe(true);
    expect(proxies.has("2001:db8::1")).toBe(false);
    expect(proxies.has("garbage")).toBe(false);
  });
  it("trusts nobody by default", () => {
    expect(none.size).toBe(0);
    expect(none.has("127.0.0.1")).toBe(false);
    expect(parseTrustedProxies(" , ").size).toBe(0);
  });
  it("refuses entries that are not addresses or ranges", () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8/1", "10.0.0.0/x", "::/129"]) expect(() => parseTrustedProxies(bad)).toThrow(/FLEETPRINT_TRUSTED_PROXIES/);
  });
});

describe("clientAddress", () => {
  it("is the peer when nobody is trusted, whatever the headers claim", () => {
    const h = headers({ "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" });
    expect(clientAddress("203.0.113.9", h, none)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", h, none)).toBe("10.0.0.5");
  });
  it("is the peer when the peer is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", headers({ "x-forwarded-for": "198.51.100.1" }), proxies)).toBe("203.0.113.9");
  });
  it("is the rightmost hop that is not a trusted proxy", () => {
    // The client wrote "1.1.1.1" itself; 198.51.100.7 is what our first proxy saw; 10.1.2.3 is our second proxy.
    const h = headers({ "x-forwarded-for": "1.1.1.1, 198.51.100.7, 10.1.2.3" });
    expect(clientAddress("10.0.0.5", h, proxies)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:10.0.0.5", h, proxies)).toBe("198.51.100.7");
  });
  it("falls back to X-Real-IP, then to the proxy itself", () => {
    expect(clientAddress("10.0.0.5", headers({ "x-real-ip": "198.51.100.8" }), proxies)).toBe("198.51.100.8");
    expect(clientAddress("10.0.0.5", headers({ "x-real-ip": "nonsense" }), proxies)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", headers({}), proxies)).toBe("10.0.0.5");
  });
  it("stops at a hop that is not an address, and takes the leftmost when every hop is ours", () => {
    expect(clientAddress("10.0.0.5", headers({ "x-forwarded-for": "198.51.100.1, junk, 10.1.0.9" }), proxies)).toBe("10.1.0.9");
    expect(clientAddress("10.0.0.5", headers({ "x-forwarded-for": "10.1.0.1, 10.1.0.2" }), proxies)).toBe("10.1.0.1");
  });
  it("is null without a peer (the request did not come through scripts/server.mjs)", () => {
    expect(clientAddress(null, headers({ "x-forwarded-for": "198.51.100.1" }), proxies)).toBeNull();
  });
});

describe("auditAddress", () => {
  it("writes the canonical form of what better-auth hands a session", () => {
    expect(auditAddress("0000:0000:0000:0000:0000:0000:0000:0001")).toBe("::1");
    expect(auditAddress("2001:0db8:0000:0000:0000:0000:0000:0005")).toBe("2001:db8::5");
    expect(auditAddress("203.0.113.9")).toBe("203.0.113.9");
  });
  it("is null for an unspecified or missing address, never a fake zero", () => {
    for (const a of ["::", "0000:0000:0000:0000:0000:0000:0000:0000", "0.0.0.0", "::ffff:0.0.0.0", "", null, undefined, "junk"]) expect(auditAddress(a)).toBeNull();
  });
});
