import { describe, expect, it } from "vitest";
import { classifyAddress, outboundVerdict, parseAllowList, parseCidr, parseIp } from "./outbound-address";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "cloud metadata"],
    ["169.254.10.1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["100.128.0.1", "public"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
  ])("%s is %s", (ip, kind) => expect(classifyAddress(ip)).toBe(kind));

  it.each([
    ["2606:4700:4700::1111", "public"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fd00:ec2::254", "cloud metadata"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2001:0:4136:e378::1", "tunnel"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "cloud metadata"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::10.0.0.1", "private"],
    ["2002:a00:1::1", "private"], // 6to4 of 10.0.0.1
    ["2002:808:808::1", "public"],
    ["[::1]", "loopback"],
    ["4000::1", "reserved"],
  ])("%s is %s", (ip, kind) => expect(classifyAddress(ip)).toBe(kind));

  it("is null for what is not an address", () => {
    for (const s of ["example.com", "256.1.1.1", "1.2.3", "01.2.3.4", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", ""]) expect(classifyAddress(s)).toBeNull();
  });
});

describe("parseIp / parseCidr", () => {
  it("reads both families", () => {
    expect(parseIp("1.2.3.4")).toEqual({ bits: 32, value: 0x01020304n });
    expect(parseIp("::1")).toEqual({ bits: 128, value: 1n });
    expect(parseIp("1:2:3:4:5:6:7:8")!.value).toBe(0x00010002000300040005000600070008n);
  });
  it("masks the base and refuses nonsense", () => {
    expect(parseCidr("10.9.8.7/8")).toMatchObject({ base: 0x0a000000n, prefix: 8 });
    expect(parseCidr("10.0.0.1")).toMatchObject({ prefix: 32 });
    for (const s of ["10.0.0.0/33", "::/129", "10.0.0.0/x", "host/8", "1.2.3.4/8/9"]) expect(parseCidr(s)).toBeNull();
  });
});

describe("outboundVerdict", () => {
  const none = parseAllowList("");

  it("lets public addresses through and explains a refusal", () => {
    expect(outboundVerdict("hooks.example.com", "93.184.216.34", none)).toEqual({ ok: true });
    const v = outboundVerdict("evil.example.com", "169.254.169.254", none);
    expect(v).toMatchObject({ ok: false, kind: "cloud metadata" });
    expect(!v.ok && v.reason).toMatch(/evil\.example\.com resolves to 169\.254\.169\.254, a cloud metadata address.*FLEETPRINT_OUTBOUND_ALLOW/);
    const lit = outboundVerdict("127.0.0.1", "127.0.0.1", none);
    expect(!lit.ok && lit.reason).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
  });

  it("allows named hosts, wildcards, addresses and networks", () => {
    const allow = parseAllowList("ci.internal, *.corp.example  10.20.0.0/16,127.0.0.1 fd00::/8");
    expect(allow.invalid).toEqual([]);
    expect(outboundVerdict("CI.internal.", "10.0.0.5", allow).ok).toBe(true);
    expect(outboundVerdict("build.corp.example", "192.168.1.1", allow).ok).toBe(true);
    expect(outboundVerdict("corp.example", "192.168.1.1", allow).ok).toBe(false);
    expect(outboundVerdict("x.example", "10.20.3.4", allow).ok).toBe(true);
    expect(outboundVerdict("x.example", "10.21.3.4", allow).ok).toBe(false);
    expect(outboundVerdict("127.0.0.1", "127.0.0.1", allow).ok).toBe(true);
    expect(outboundVerdict("localhost", "127.0.0.2", allow).ok).toBe(false);
    expect(outboundVerdict("[fd00::5]", "fd00::5", allow).ok).toBe(true);
  });

  it("reports entries it cannot read", () => {
    expect(parseAllowList("ok.example, 10.0.0.0/99, http://x").invalid).toEqual(["10.0.0.0/99", "http://x"]);
  });
});
