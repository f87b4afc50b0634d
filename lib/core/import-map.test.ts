import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { mapImport } from "./import-map";
import { parseReport } from "./parse-report";

const fixture = (name: string) => JSON.parse(fs.readFileSync(`fixtures/imports/${name}`, "utf8"));
const now = new Date("2026-11-30T12:00:00Z");

describe("mapImport", () => {
  it.each([
    ["osquery", "osquery-debian12-combined.json", true],
    ["ansible", "ansible-ubuntu2204-package-facts.json", false],
    ["cyclonedx", "trivy-debian10-fluentd.cdx.json", false],
    ["spdx", "trivy-centos7.spdx.json", false],
  ] as const)("maps %s (%s) to a report the agent's parser accepts", (format, file, collected) => {
    const { report, configsCollected } = mapImport(format, fixture(file), { hostname: "h-1", now });
    expect(configsCollected).toBe(collected);
    expect(report.hostname).toBe("h-1");
    expect(report.packages.length).toBeGreaterThan(0);
    expect(parseReport(report)).toMatchObject({ ok: true });
  });
});
