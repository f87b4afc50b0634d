import { describe, expect, it } from "vitest";
import { differsSince, expectationOf, openItems, specRunStarts, type SpecVersionPoint } from "./spec-since";
import type { DriftItem, Spec } from "./types";

const d = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day));
const spec = (over: { pins?: Record<string, string>; pmode?: "exact" | "allow-extras"; files?: Record<string, string>; cmode?: "exact" | "listed"; ignore?: string[] } = {}): Spec => ({
  packages: { mode: over.pmode ?? "allow-extras", pins: over.pins ?? {} },
  configs: { mode: over.cmode ?? "listed", files: over.files ?? {} },
  ignore: over.ignore ?? [],
});
const v = (version: number, at: Date, s: Spec): SpecVersionPoint => ({ version, createdAt: at, spec: s });
const item = (kind: DriftItem["kind"], subject: string) => ({ kind, subject });

describe("expectationOf", () => {
  it("reads a pin, an arch-qualified pin and absence by mode", () => {
    expect(expectationOf(spec({ pins: { libssl3: "3.0.19-1~deb12u4" } }), item("package-version", "libssl3"))).toBe("pin:3.0.19-1~deb12u4");
    expect(expectationOf(spec({ pins: { "libc6:amd64": "2.36" } }), item("package-version", "libc6"))).toBe("pin:2.36");
    expect(expectationOf(spec({ pmode: "exact" }), item("package-extra", "php8.2-gd"))).toBe("absent:exact");
    expect(expectationOf(spec(), item("package-extra", "php8.2-gd"))).toBe("absent:allow-extras");
  });

  it("reads a file value, ignore rules, absence by mode and the os block", () => {
    expect(expectationOf(spec({ files: { "/etc/a": "*" } }), item("config-changed", "/etc/a"))).toBe("file:*");
    expect(expectationOf(spec({ files: { "/etc/a": "*" }, ignore: ["/etc/*"] }), item("config-changed", "/etc/a"))).toBe("ignored");
    expect(expectationOf(spec({ cmode: "exact" }), item("config-unexpected", "/etc/b"))).toBe("absent:exact");
    expect(expectationOf({ ...spec(), os: { id: "debian", versionId: "12" } }, item("package-version", "os"))).toBe("os:debian:12");
  });
});

describe("specRunStarts", () => {
  const v1 = v(1, d(8, 1), spec({ pins: { libssl3: "u3", apache2: "2.4.57" } }));
  const v2 = v(2, d(10, 1), spec({ pins: { libssl3: "u3", apache2: "2.4.58" } }));
  const v3 = v(3, d(11, 21), spec({ pins: { libssl3: "u4", apache2: "2.4.58" } }));
  const newestFirst = [v3, v2, v1];

  it("dates each subject from the oldest version of the unbroken run that ends at the current one", () => {
    expect(specRunStarts(newestFirst, [item("package-version", "libssl3"), item("package-version", "apache2")])).toEqual([
      { version: 3, at: d(11, 21) },
      { version: 2, at: d(10, 1) },
    ]);
  });

  it("a subject unchanged in every version runs back to v1; a run broken and restored starts after the break", () => {
    const w = [v(3, d(11, 21), spec({ pins: { a: "1" } })), v(2, d(10, 1), spec({ pins: { a: "2" } })), v(1, d(8, 1), spec({ pins: { a: "1" } }))];
    expect(specRunStarts(w, [item("package-version", "a")])).toEqual([{ version: 3, at: d(11, 21) }]);
    expect(specRunStarts([v2, v1], [item("package-version", "libssl3")])).toEqual([{ version: 1, at: d(8, 1) }]);
  });

  it("an extra in exact mode is dated from when exact mode and absence held", () => {
    const w = [v(3, d(11, 21), spec({ pmode: "exact" })), v(2, d(10, 1), spec({ pmode: "exact", pins: { gd: "1" } })), v(1, d(8, 1), spec({ pmode: "exact" }))];
    expect(specRunStarts(w, [item("package-extra", "gd")])).toEqual([{ version: 3, at: d(11, 21) }]);
    const m = [v(2, d(10, 1), spec({ pmode: "exact" })), v(1, d(8, 1), spec())];
    expect(specRunStarts(m, [item("package-extra", "gd")])).toEqual([{ version: 2, at: d(10, 1) }]);
  });

  it("is null without versions; openItems names the runs that reach the oldest version given", () => {
    expect(specRunStarts([], [item("package-version", "a")])).toEqual([null]);
    const starts = specRunStarts([v3, v2], [item("package-version", "libssl3"), item("package-version", "apache2")]);
    expect(openItems([v3, v2], starts)).toEqual([1]);
  });
});

describe("differsSince", () => {
  const versions = [{ version: 3, createdAt: d(11, 21) }, { version: 2, createdAt: d(10, 1) }, { version: 1, createdAt: d(8, 1) }];

  it("is the spec run's start when the host carried the item before it (since 2 Aug, differs since 21 Nov)", () => {
    expect(differsSince(d(8, 2), { version: 3, at: d(11, 21) }, versions)).toEqual({ version: 3, at: d(11, 21) });
  });

  it("is the carried-since time when the host got the item later, with the version in force then", () => {
    expect(differsSince(d(10, 15), { version: 1, at: d(8, 1) }, versions)).toEqual({ version: 2, at: d(10, 15) });
    expect(differsSince(d(11, 25), { version: 3, at: d(11, 21) }, versions)).toEqual({ version: 3, at: d(11, 25) });
  });

  it("is unknown when the carried-since time or the run is", () => {
    expect(differsSince(null, { version: 3, at: d(11, 21) }, versions)).toBeNull();
    expect(differsSince(d(8, 2), null, versions)).toBeNull();
  });
});
