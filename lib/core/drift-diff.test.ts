import { describe, expect, it } from "vitest";
import { computeDrift } from "./drift";
import { driftBase, driftOfDiff } from "./drift-diff";
import { DEFAULT_IGNORE, specFromFingerprint } from "./spec";
import { PHP_INI, plainFile, webHost } from "./test-fixtures";
import { deviatingReference, difference, variants } from "./test-variants";
import type { Fingerprint, Spec } from "./types";

const NOW = new Date("2026-12-01T12:00:00Z");
const golden = webHost();
// A reference with drift of its own: packages and files the golden spec lacks, a hand edit.
const withGd = deviatingReference(golden);

const captured = specFromFingerprint(golden);
const SPECS: [string, Spec][] = [
  ["a captured spec (exact packages, every file pinned)", captured],
  ["exact configs with the default ignore list", { ...captured, configs: { ...captured.configs, mode: "exact" }, ignore: [...DEFAULT_IGNORE] }],
  ["listed configs, allowed extras, a pinned file left out", { packages: { mode: "allow-extras", pins: { apache2: "*" } }, configs: { mode: "listed", files: { [PHP_INI]: "*", "/etc/ssh/sshd_config": "0".repeat(64) } }, ignore: [] }],
  [
    "waivers on a path glob and a package, one expired",
    {
      ...captured,
      configs: { ...captured.configs, mode: "exact" },
      waivers: [
        { path: "/etc/own/*", reason: "per-host files" },
        { package: "php8.2-gd", reason: "being rolled out" },
        { path: "/etc/ssh/sshd_config", reason: "old", until: "2026-01-01" },
      ],
    },
  ],
];

describe("drift of a fingerprint read as the reference and its difference", () => {
  for (const [refName, reference, seed] of [["the modal fingerprint", golden, 5], ["a drifted one", withGd, 13]] as const) {
    for (const [specName, spec] of SPECS) {
      it(`equals computeDrift of the whole fingerprint: ${refName}, ${specName}`, () => {
        const base = driftBase(reference, spec, NOW)!;
        expect(base.items).toEqual(computeDrift(reference, spec, NOW));
        const seen = new Set<string>();
        let compared = 0;
        for (const fp of variants(reference, 60, seed)) {
          const { added, removed } = difference(reference, fp);
          const got = driftOfDiff(base, added, removed);
          if (got === null) continue; // a variant that holds a path twice: read whole
          seen.add(JSON.stringify(got));
          compared++;
          expect(got).toEqual(computeDrift(fp, spec, NOW, { configsCollected: true }));
        }
        expect(compared).toBeGreaterThan(50);
        expect(seen.size).toBeGreaterThan(1); // the variants do change the drift
      });
    }
  }

  it("stands for nothing it cannot: a removed entry it does not hold, a path twice, an added path it still holds", () => {
    const base = driftBase(golden, captured, NOW)!;
    const held = golden.configs[0];
    const other = plainFile(held.path, "another content");
    expect(driftOfDiff(base, [], [other])).toBeNull(); // not the reference's entry at that path
    expect(driftOfDiff(base, [], [held, held])).toBeNull();
    expect(driftOfDiff(base, [other], [])).toBeNull(); // held and not removed: the path twice
    expect(driftOfDiff(base, [plainFile("/etc/x"), plainFile("/etc/x", "y")], [])).toBeNull();
    expect(driftOfDiff(base, [other], [held])).toEqual(computeDrift({ ...golden, configs: golden.configs.map((e) => (e === held ? other : e)) }, captured, NOW));
    expect(driftOfDiff(base, [], [])).toBe(base.items);
  });

  it("takes no reference that holds a path twice", () => {
    const twice: Fingerprint = { ...golden, configs: [...golden.configs, plainFile(golden.configs[0].path, "again")] };
    expect(driftBase(twice, captured, NOW)).toBeNull();
  });
});
