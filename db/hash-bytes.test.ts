import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytesToHex, digestFromBytes, digestToBytes, hexToBytes } from "./hash-bytes";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("hash bytes", () => {
  it("keeps a sha256 as its 32 bytes and reads the same hex back", () => {
    const h = sha("key");
    expect(hexToBytes(h)).toHaveLength(32);
    expect(bytesToHex(new Uint8Array(hexToBytes(h)))).toBe(h);
  });

  it("reads bytes that sit inside a larger buffer (as drivers hand them out)", () => {
    const big = Buffer.concat([Buffer.from("xx"), hexToBytes(sha("a")), Buffer.from("yy")]);
    expect(bytesToHex(big.subarray(2, 34))).toBe(sha("a"));
    expect(digestFromBytes(big.subarray(2, 34))).toBe(sha("a"));
  });

  it("stores a hex sha256 digest in 32 bytes and any other digest unchanged, each read back as written", () => {
    const cases = [sha("report"), sha("report").toUpperCase(), "digest-of-c1-report-0001", "sha256:" + sha("x"), sha("r").slice(0, 63), "0".repeat(64), "00" + sha("r").slice(2)];
    for (const d of cases) expect(digestFromBytes(new Uint8Array(digestToBytes(d)))).toBe(d);
    expect(digestToBytes(sha("report"))).toHaveLength(32);
    expect(digestToBytes("digest-of-c1-report-0001")).toHaveLength(1 + "digest-of-c1-report-0001".length);
  });

  it("never gives a text digest the width of a sha256 (a 31-character one would have it with one zero byte)", () => {
    for (let n = 16; n <= 128; n++) {
      const text = "k".repeat(n);
      expect(digestToBytes(text)).not.toHaveLength(32);
      expect(digestFromBytes(digestToBytes(text))).toBe(text);
    }
  });
});
