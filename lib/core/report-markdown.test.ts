import { describe, expect, it } from "vitest";
import type { ExportHost, ExportMeta } from "./drift-export";
import { reportAccumulator } from "./drift-report";
import { markdownHead, markdownHost, markdownScorecard, markdownSummary, markdownTail, mdText } from "./report-markdown";
import type { ScorecardFleet } from "./scorecard";

const meta: ExportMeta = {
  generatedAt: "2026-11-26T15:30:00.000Z",
  filters: { fleet: "web-mutable", drifted: true, snowflake: null, q: null, since: "2026-11-01" },
  fleets: [{ name: "web-mutable", strategy: "mutable", specVersion: 7, hosts: 2 }],
  totalHosts: 2,
};

const fleets: ScorecardFleet[] = [
  { name: "web-immutable", strategy: "immutable", specVersion: 4, hosts: 24, reporting: 24, conforming: 23, conformingPct: 95.8, snowflakes: 0, distinctFingerprints: 2, distinctPer100: 8.3, medianDrift: 0, medianAgeDays: 6 },
  { name: "web-mutable", strategy: "mutable", specVersion: 7, hosts: 40, reporting: 40, conforming: 14, conformingPct: 35, snowflakes: 5, distinctFingerprints: 22, distinctPer100: 55, medianDrift: 2, medianAgeDays: 120 },
];

const drifted: ExportHost = {
  fleet: "web-mutable",
  strategy: "mutable",
  hostname: "web-17",
  fingerprint: "0123456789abcdef".repeat(4),
  driftCount: 2,
  snowflakeScore: 7.25,
  isSnowflake: true,
  snowflakeReasons: [{ kind: "config-edited", subject: "/etc/php.ini", value: "a", consensus: "b", sharedBy: 1, cohort: 40, weight: 3, explain: "php.ini edited by hand; hash shared by 1 of 40 hosts" }],
  items: [
    { kind: "config-changed", subject: "/etc/häfen/ü.conf", expected: "a", actual: "b", explain: "/etc/häfen/ü.conf differs | from *the* spec", firstSeen: "2026-11-03T08:00:00.000Z" },
    { kind: "package-extra", subject: "htop", expected: null, actual: "3.2.2-2", explain: "htop 3.2.2-2 is installed but not in the spec", firstSeen: null },
  ],
};
const clean: ExportHost = { ...drifted, hostname: "web-02", isSnowflake: false, snowflakeScore: 0, items: [], driftCount: 0 };

describe("mdText", () => {
  it("escapes what Markdown would read as markup and flattens line breaks", () => {
    expect(mdText("a|b *c* _d_ `e` <script> [x](y) #1 \\")).toBe("a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<script\\> \\[x\\](y) \\#1 \\\\");
    expect(mdText("two\nlines")).toBe("two lines");
    expect(mdText("/etc/häfen/ü.conf")).toBe("/etc/häfen/ü.conf");
  });
});

describe("markdown report", () => {
  it("opens with the fleet, filters, time, spec versions and the scorecard", () => {
    const head = markdownHead(meta) + markdownScorecard(fleets);
    expect(head).toMatch(/^# Drift report: web-mutable\n/);
    expect(head).toContain("**Generated:** 2026-11-26 15:30 UTC");
    expect(head).toContain("drifted hosts only; items first seen since 2026-11-01");
    expect(head).toContain("**Spec versions:** web-mutable v7");
    expect(head).toContain("**immutable** (1 fleet, 24 hosts): 96% conforming, 8.3 fingerprints/100 hosts, 0 snowflakes");
    expect(head).toContain("| web-mutable | mutable | v7 | 40 | 35% | 55 | 5 | 2 | 120 d |");
    expect(head).toMatch(/web-immutable {2}█{28}▊ +96%/); // 95.8 % of 30 cells
  });

  it("summarises kinds, the histogram and the top snowflakes with their reasons", () => {
    const acc = reportAccumulator();
    acc.add(drifted);
    acc.add(clean);
    const md = markdownSummary(acc.result());
    expect(md).toContain("1 of 2 hosts have drift, 2 items in all");
    expect(md).toContain("| Config changed | 1 |");
    expect(md).toContain("| Extra package | 1 |");
    expect(md).toContain("1. **web-17** (web-mutable), score 7.25\n   - php.ini edited by hand; hash shared by 1 of 40 hosts\n");
    expect(md.trimEnd().endsWith("## Drifted hosts")).toBe(true);
  });

  it("lists each drifted host's items as a table, escaping agent text", () => {
    const md = markdownHost(drifted);
    expect(md).toContain("### web-17 · web-mutable");
    expect(md).toContain("fingerprint `0123456789ab` · 2 items · snowflake (score 7.25)");
    expect(md).toContain("| Config changed | /etc/häfen/ü.conf | /etc/häfen/ü.conf differs \\| from \\*the\\* spec | 2026-11-03 08:00 UTC |");
    expect(md).toContain("| Extra package | htop | htop 3.2.2-2 is installed but not in the spec | — |");
    expect(markdownHost(clean)).toBe("");
  });

  it("ends by counting hosts without drift", () => {
    expect(markdownTail({ hosts: 5, driftedHosts: 2 })).toBe("3 more hosts have no drift items.\n");
    expect(markdownTail({ hosts: 2, driftedHosts: 0 })).toBe("No host in this report has drift items.\n");
    expect(markdownTail({ hosts: 2, driftedHosts: 2 })).toBe("");
  });
});
