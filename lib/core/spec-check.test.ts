import { describe, expect, it } from "vitest";
import { checkSpec } from "./spec-check";
import { lineLocator } from "./spec-yaml";

const lineOfPath = (source: string, path: (string | number)[]) => lineLocator(source)(path);

describe("checkSpec", () => {
  it("passes a valid spec through", () => {
    expect(checkSpec("packages: [apache2]\n").ok).toBe(true);
  });

  it("puts a bad pin at its line", () => {
    const r = checkSpec("# header\npackages:\n  mode: exact\n  pins:\n    apache2: 2.4.62-1\n    curl: \"bad version!\"\n");
    expect(r).toEqual({ ok: false, error: 'line 6: packages.pins.curl: must be a version string or "*"', errors: [{ message: 'packages.pins.curl: must be a version string or "*"', line: 6 }] });
  });

  it("puts an unknown field at the field, not at its parent", () => {
    const r = checkSpec("packages:\n  mode: exact\n  pinz: {}\n");
    expect(!r.ok && r.errors[0].line).toBe(3);
  });

  it("reports a YAML syntax error at the line the parser names", () => {
    const r = checkSpec("packages:\n  pins:\n    a: 1\n   b: [\n");
    expect(!r.ok && r.errors[0].line).toBeGreaterThanOrEqual(4);
  });

  it("puts a waiver's missing reason at its entry and a shorthand error at its item", () => {
    const r = checkSpec("ignore:\n  - /etc/hostname\n  - package: openssl\n    until: 2026-01-01\n");
    expect(!r.ok && r.errors).toEqual([{ message: "ignore[1].reason: reason must be a string (waiver of package openssl)", line: 3 }]);
    const s = checkSpec("packages:\n  - apache2\n  - 'bad name'\n");
    expect(!r.ok && !s.ok && s.errors[0]).toEqual({ message: 'packages[1]: must be "name" or "name=version" (found "bad name")', line: 3 });
  });

  it("has no line for whole-document problems", () => {
    expect(checkSpec("")).toEqual({ ok: false, error: "spec is empty", errors: [{ message: "spec is empty", line: null }] });
  });
});

describe("lineOfPath", () => {
  it("falls back to the nearest ancestor", () => {
    expect(lineOfPath("a: 1\npackages:\n  - x\n", ["packages", "pins", "x"])).toBe(2);
    expect(lineOfPath("a: 1\n", ["nothing"])).toBeNull();
  });
});
