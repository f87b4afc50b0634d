import fs from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { identify } from "./canonical";
import { askableHashes, configFromKey, detached, configItemKey, FingerprintContent, packageFromKey, packageItemKey } from "./fingerprint-content";
import type { ConfigEntry, Fingerprint } from "./types";

const sha = (c: string) => c.repeat(64);
const os = { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", kernel: null, arch: "amd64" } as Fingerprint["os"];

describe("item keys", () => {
  it("turn back into the very item, whichever optional fields it has", () => {
    const configs: ConfigEntry[] = [
      { path: "/etc/a", type: "file", sha256: sha("a") },
      { path: "/etc/b", type: "file", sha256: null, package: "base-files", modified: false },
      { path: "/etc/c", type: "file", sha256: sha("c"), package: "apache2", modified: true },
      { path: "/etc/d", type: "symlink", sha256: null, target: "../lib/d" },
      // The agent writes a newline in a name as the two characters \n: keys stay one line each.
      { path: "/etc/odd\\nname", type: "file", sha256: sha("e") },
    ];
    for (const c of configs) expect(configFromKey(configItemKey(c))).toEqual(c);
    const p = { manager: "dpkg" as const, name: "libc6", version: "2.36-9+deb12u4", arch: "amd64" };
    expect(packageFromKey(packageItemKey(p))).toEqual(p);
    expect(packageFromKey(packageItemKey({ ...p, arch: "" }))).toEqual({ ...p, arch: "" });
    // Absent and null are different items.
    expect(configItemKey({ path: "/x", type: "file", sha256: null })).not.toBe(configItemKey({ path: "/x", type: "file", sha256: null, modified: false }));
  });
});

describe("askableHashes", () => {
  it("lists readable regular files outside the deny list once each, hand-edited first, packaged last", () => {
    const configs: ConfigEntry[] = [
      { path: "/etc/pristine", type: "file", sha256: sha("1"), package: "p", modified: false },
      { path: "/etc/site", type: "file", sha256: sha("2") },
      { path: "/etc/edited", type: "file", sha256: sha("3"), package: "p", modified: true },
      { path: "/etc/ssh/ssh_host_ed25519_key", type: "file", sha256: sha("4") },
      { path: "/etc/unreadable", type: "file", sha256: null },
      { path: "/etc/link", type: "symlink", sha256: null, target: "x" },
      { path: "/etc/copy", type: "file", sha256: sha("2") },
    ];
    expect(askableHashes(configs)).toEqual([sha("3"), sha("2"), sha("1")]);
  });
});

describe("FingerprintContent", () => {
  const real = identify(JSON.parse(fs.readFileSync("fixtures/debian-12/report.json", "utf8")));

  it("packs a real report in a parse thread and unpacks to the same fingerprint, keys and askable hashes", () => {
    const packed = FingerprintContent.pack(real.fingerprint);
    // Plain strings only: what crosses threads for the price of a copy.
    expect(Object.values(packed).filter((v) => typeof v !== "string")).toEqual([packed.os]);
    const unpacked = FingerprintContent.unpack(structuredClone(packed));
    const direct = FingerprintContent.of(real.fingerprint);
    expect(real.fingerprint.packages.length).toBeGreaterThan(100);
    expect(real.fingerprint.configs.length).toBeGreaterThan(100);
    expect(unpacked.fingerprint).toEqual(real.fingerprint);
    expect(identify(unpacked.fingerprint).hash).toBe(real.hash);
    expect(unpacked.packageKeys).toEqual(direct.packageKeys);
    expect(unpacked.configKeys).toEqual(direct.configKeys);
    expect(direct.askable.length).toBeGreaterThan(0);
    expect(unpacked.askable).toEqual(direct.askable);
  });

  it("cuts keys into content-defined chunks: a fingerprint one file away shares all chunks but the one holding it", () => {
    const direct = FingerprintContent.of(real.fingerprint);
    const unpacked = FingerprintContent.unpack(structuredClone(FingerprintContent.pack(real.fingerprint)));
    expect(unpacked.configChunks).toEqual(direct.configChunks);
    expect(unpacked.packageChunks).toEqual(direct.packageChunks);
    // Chunks of a few dozen keys: a real report's ~1,000 configs make dozens of them, not one nor one per key.
    const sizes = direct.configChunks.map((c) => c.split("\n").length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(real.fingerprint.configs.length);
    expect(direct.configChunks.length).toBeGreaterThan(real.fingerprint.configs.length / 100);
    expect(direct.configChunks.length).toBeLessThan(real.fingerprint.configs.length / 8);
    const configs = [...real.fingerprint.configs, { path: "/etc/network/interfaces.d/eth0-host-7", type: "file" as const, sha256: sha("7") }].sort((a, b) =>
      a.path < b.path ? -1 : 1,
    );
    const other = FingerprintContent.of({ ...real.fingerprint, configs });
    const mine = new Set(direct.configChunks);
    expect(other.configChunks.filter((c) => !mine.has(c))).toHaveLength(1);
    expect(other.packageChunks).toEqual(direct.packageChunks);
  });

  it("keeps an empty fingerprint empty", () => {
    const empty: Fingerprint = { os, packages: [], configs: [] };
    const unpacked = FingerprintContent.unpack(FingerprintContent.pack(empty));
    expect(unpacked.packageKeys).toEqual([]);
    expect(unpacked.configKeys).toEqual([]);
    expect(unpacked.askable).toEqual([]);
    expect(unpacked.configChunks).toEqual([]);
    expect(unpacked.fingerprint).toEqual(empty);
  });
});

describe("detached", () => {
  it("keeps a hash without the list it was cut from", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    // 200 lists of 1,000 hashes (64 KiB each), one hash kept from each: views keep ~13 MiB, copies ~30 KiB.
    const keptBy = (keep: (s: string) => string) => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = Array.from({ length: 200 }, (_, i) => {
        const list = Array.from({ length: 1000 }, (_, j) => (i * 1000 + j).toString(16).padStart(64, "0")).join("\n");
        return keep(list.split("\n")[7]);
      });
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      expect(kept[3]).toBe((3007).toString(16).padStart(64, "0"));
      return grown;
    };
    expect(keptBy((s) => s)).toBeGreaterThan(8 * 2 ** 20);
    expect(keptBy(detached)).toBeLessThan(2 * 2 ** 20);
  });
});
