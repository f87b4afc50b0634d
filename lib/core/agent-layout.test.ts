import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildScaleFleet } from "@/scripts/bench-scale-fleet";
import { AgentLayoutReader, endsRun } from "./agent-layout";
import { identify } from "./canonical";
import { layoutReport } from "./content-digest";
import { FingerprintContent } from "./fingerprint-content";
import { parseReport } from "./parse-report";
import type { AgentReport, ConfigEntry, Package } from "./types";

const fixture = JSON.parse(fs.readFileSync("fixtures/debian-12/report.json", "utf8")) as AgentReport;
const sha = (c: string) => c.repeat(64);

/** What readReport computes the long way: JSON.parse, the schema, canonical form, hash, pack. */
function longWay(body: string) {
  const parsed = parseReport(JSON.parse(body));
  if (!parsed.ok) throw new Error(parsed.error);
  const { fingerprint, hash } = identify(parsed.report);
  return { hash, packed: FingerprintContent.pack(fingerprint) };
}

const read = (reader: AgentLayoutReader, body: string) => reader.read(body, body.indexOf("\n") + 1);

/** The agent's own layout: one item per line (agent/fleetprint-agent.sh). */
function agentLayout(r: { os: unknown; packages: unknown[]; configs: unknown[] }): string {
  const list = (items: unknown[]) => items.map((i) => `\n${JSON.stringify(i)}`).join(",");
  return `{"schema":1,"agentVersion":"1.0.0","hostname":"web-1","machineId":null,"collectedAt":"2026-12-01T00:00:00Z",\n"os":${JSON.stringify(r.os)},\n"packages":[${list(r.packages)}],\n"configs":[${list(r.configs)}]}\n`;
}

const sorted = { ...fixture, packages: identify(fixture).fingerprint.packages, configs: [...fixture.configs].sort((a, b) => (a.path < b.path ? -1 : 1)) };

describe("AgentLayoutReader", () => {
  it("gives the long way's hash and packed content for the bench fleet's bodies, from memory the second time", () => {
    const fleet = buildScaleFleet(6, 0.5);
    const reader = new AgentLayoutReader();
    const readAndCount = (i: number) => {
      const before = reader.remembered;
      const body = fleet.body(i).toString("utf8");
      expect(read(reader, body)).toEqual(longWay(body));
      return reader.remembered - before;
    };
    expect(readAndCount(0)).toBeGreaterThan(20);
    // Host 2 has host 0's content; host 1 and 3 one file of their own each, which changes the run holding it
    // (or splits it in two, when that file's item ends a run).
    expect(readAndCount(2)).toBe(0);
    expect(readAndCount(1)).toBeGreaterThanOrEqual(1);
    expect(readAndCount(1)).toBe(0);
    expect(readAndCount(3)).toBeLessThanOrEqual(2);
  });

  it("reads the agent's one-item-per-line layout, layoutReport's and a real report's volatile entries alike", () => {
    const reader = new AgentLayoutReader();
    const withVolatile = { ...sorted, configs: [...sorted.configs, { path: "/etc/zz-machine-id-", type: "file", sha256: sha("9") } as ConfigEntry] };
    for (const body of [agentLayout(sorted), layoutReport({ ...sorted }), agentLayout(withVolatile)]) {
      const fast = read(reader, body);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(longWay(body));
    }
  });

  it("keeps what the long way keeps and drops what it drops of each item", () => {
    const packages: Package[] = [{ manager: "dpkg", name: "a", version: "1", arch: "all", extra: "ignored" } as Package, { manager: "dpkg", name: "a", version: "1", arch: "amd64" }];
    const configs = [
      { path: "/etc/a", type: "file", sha256: sha("a"), target: "dropped on a file" },
      { path: "/etc/b", type: "symlink", sha256: null, target: "a", package: "p", modified: true },
      { path: "/etc/c", type: "file", sha256: null, package: "p", modified: false },
      { path: "/etc/ssh/ssh_host_rsa_key", type: "file", sha256: sha("b") },
    ];
    const body = agentLayout({ os: { ...fixture.os, unknown: 1 }, packages, configs });
    expect(read(new AgentLayoutReader(), body)).toEqual(longWay(body));
    const empty = agentLayout({ os: fixture.os, packages: [], configs: [] });
    expect(read(new AgentLayoutReader(), empty)).toEqual(longWay(empty));
  });

  it("leaves to the long way anything it cannot prove equal", () => {
    const p = sorted.packages;
    const c = sorted.configs;
    // A run that ends after p[i] followed by one that starts with p[0]: each in order, the two not.
    const i = p.findIndex((x, k) => k > 0 && endsRun(JSON.stringify(x), 0, JSON.stringify(x).length - 1));
    const cases: Record<string, string> = {
      "two runs out of order": agentLayout({ ...sorted, packages: [p[i], ...p.slice(0, i), ...p.slice(i + 1)] }),
      "packages out of canonical order": agentLayout({ ...sorted, packages: [p[1], p[0], ...p.slice(2)] }),
      "a package twice": agentLayout({ ...sorted, packages: [p[0], ...p] }),
      "configs out of order": agentLayout({ ...sorted, configs: [c[1], c[0], ...c.slice(2)] }),
      "one path spelled twice": agentLayout({ ...sorted, configs: [{ ...c[0], path: c[0].path.replace("/", "//") }, ...c] }),
      "a \"}\" inside a string": agentLayout({ ...sorted, configs: [...c, { path: "/etc/zz}", type: "file", sha256: null }] }),
      "a nested value": agentLayout({ ...sorted, packages: [...p, { manager: "dpkg", name: "zz", version: "1", arch: "all", x: { y: 1 } } as unknown as Package] }),
      "an item the schema refuses": agentLayout({ ...sorted, configs: [...c, { path: "/etc/zz", type: "file", sha256: "nothex" }] }),
      "members in another order": agentLayout(sorted).replace(/\n"packages":\[(.*)\],\n"configs":\[(.*)\]\}/s, '\n"configs":[$2],\n"packages":[$1]}'),
      "a member more": agentLayout(sorted).replace(/\}\n$/, ',"image":null}\n'),
      "something after the object": `${agentLayout(sorted)}[]`,
    };
    for (const [what, body] of Object.entries(cases)) {
      expect(read(new AgentLayoutReader(), body), what).toBeNull();
    }
    // Whatever the long way says of them stands (here: all but two are valid and read the long way).
    expect(() => longWay(cases["an item the schema refuses"])).toThrow(/sha256/);
    expect(() => longWay(cases["something after the object"])).toThrow();
  });

  it("tells apart runs of one length that differ where the memory does not look first", () => {
    const reader = new AgentLayoutReader();
    // One character of one version changed, at each place in turn: most of them are not among the sampled ones.
    const at = sorted.packages.findIndex((p) => /^\d+\.\d+/.test(p.version) && p.version.length > 4);
    for (const digit of ["0", "1", "2", "3"]) {
      const packages = sorted.packages.map((p, i) => (i === at ? { ...p, version: `${p.version.slice(0, -1)}${digit}` } : p));
      const body = agentLayout({ ...sorted, packages });
      expect(read(reader, body)).toEqual(longWay(body));
    }
  });

  it("stays right when its memory starts a new generation", () => {
    const fleet = buildScaleFleet(4, 1);
    const reader = new AgentLayoutReader(4);
    for (const i of [0, 1, 2, 3, 0]) {
      const body = fleet.body(i).toString("utf8");
      expect(read(reader, body)).toEqual(longWay(body));
    }
    // Two kinds, two generations of at most 4 runs each.
    expect(reader.remembered).toBeLessThanOrEqual(16);
  });
});
