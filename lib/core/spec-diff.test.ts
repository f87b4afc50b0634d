import { describe, expect, it } from "vitest";
import { diffSpecs, specDiffLines, summarizeSpecDiff } from "./spec-diff";
import type { Spec } from "./types";

const a: Spec = {
  os: { id: "debian", versionId: "12" },
  packages: { mode: "exact", pins: { apache2: "2.4.62-1", curl: "7.88", php: "*" } },
  configs: { mode: "listed", files: { "/etc/a": "symlink:/x", "/etc/b": "*" } },
  ignore: ["/etc/hostname"],
};

describe("diffSpecs", () => {
  it("is empty between a spec and itself", () => {
    expect(diffSpecs(a, a).changes).toBe(0);
    expect(summarizeSpecDiff(diffSpecs(a, a))).toBe("no change");
  });

  it("lists every section's changes", () => {
    const b: Spec = {
      os: { id: "debian", versionId: "13" },
      packages: { mode: "allow-extras", pins: { apache2: "2.4.63-1", php: "*", strace: "6.1" } },
      configs: { mode: "listed", files: { "/etc/a": "symlink:/y", "/etc/c": "*" } },
      ignore: ["/var/**"],
      waivers: [{ package: "curl", reason: "ahead on purpose", until: "2026-12-31", by: "olivia" }],
    };
    const d = diffSpecs(a, b);
    expect(d.changes).toBe(11);
    expect(specDiffLines(d)).toEqual([
      "~ os debian 12 → debian 13",
      "~ packages.mode exact → allow-extras",
      "+ pin strace 6.1",
      "- pin curl 7.88",
      "~ pin apache2 2.4.62-1 → 2.4.63-1",
      "+ file /etc/c *",
      "- file /etc/b *",
      "~ file /etc/a symlink:/x → symlink:/y",
      "+ ignore /var/**",
      "- ignore /etc/hostname",
      "+ waiver package curl: ahead on purpose (until 2026-12-31) by olivia",
    ]);
    expect(summarizeSpecDiff(d)).toBe(
      "os debian 12 → debian 13, packages.mode allow-extras, 1 pin added, 1 pin removed, 1 pin changed, 1 file added, 1 file removed, 1 file changed, 1 ignore rule added, 1 ignore rule removed, 1 waiver added",
    );
    expect(diffSpecs(b, a).waivers.removed).toHaveLength(1);
  });

  it("counts everything as added against no spec", () => {
    const d = diffSpecs(null, a);
    expect(d.pins.added.map((p) => p.key)).toEqual(["apache2", "curl", "php"]);
    expect(d.os).toEqual({ from: "any", to: "debian 12" });
  });

  it("caps the lines", () => {
    const many: Spec = { ...a, packages: { mode: "exact", pins: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, "1"])) } };
    const lines = specDiffLines(diffSpecs(a, many), 4);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^… and \d+ more$/);
  });
});
