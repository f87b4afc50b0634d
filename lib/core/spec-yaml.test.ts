import { describe, expect, it } from "vitest";
import { readYaml, renderSpecYaml } from "./spec-yaml";

describe("readYaml", () => {
  it("reads every scalar as a string", () => {
    expect(readYaml("a: 1.10\nb: true\nc: [12, null]\n")).toEqual({ value: { a: "1.10", b: "true", c: ["12", "null"] } });
  });

  it("finds duplicate keys in big maps quickly", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  p${i}: "1.${i}"`);
    lines.push('  p7: "again"');
    expect(readYaml(`pins:\n${lines.join("\n")}\n`)).toEqual({ error: 'invalid YAML at line 20002, column 3: duplicate key "p7"' });
  });
});

describe("renderSpecYaml header", () => {
  const spec = { packages: { mode: "exact" as const, pins: {} }, configs: { mode: "exact" as const, files: {} }, ignore: [] };

  it("omits what it is not told", () => {
    expect(renderSpecYaml(spec, { fleet: "web" }).split("\n")[0]).toBe("# Fleetprint spec for fleet web");
    expect(renderSpecYaml(spec).startsWith("# packages.mode")).toBe(true);
  });

  it("accepts a date string", () => {
    expect(renderSpecYaml(spec, { fleet: "web", version: 2, source: "debian-12-web-2025-06.qcow2", capturedAt: "2025-06-02" }).split("\n")[0]).toBe(
      "# Fleetprint spec for fleet web, version 2, captured from debian-12-web-2025-06.qcow2 on 2025-06-02",
    );
  });
});
