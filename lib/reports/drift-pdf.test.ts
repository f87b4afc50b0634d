// Renders real PDFs and reads them back with poppler (pdftotext/pdfinfo from Debian's poppler-utils, which
// .ci/run installs): the text must be extractable, non-ASCII names included.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportHost, ExportMeta } from "@/lib/core/drift-export";
import { reportAccumulator } from "@/lib/core/drift-report";
import type { ScorecardFleet } from "@/lib/core/scorecard";
import { DriftPdf } from "./drift-pdf";
import { findPdfFonts } from "./pdf-font";

const meta: ExportMeta = {
  generatedAt: "2026-11-26T15:30:00.000Z",
  filters: { fleet: null, drifted: null, snowflake: null, q: null, since: null },
  fleets: [
    { name: "web-immutable", strategy: "immutable", specVersion: 4, hosts: 2 },
    { name: "web-mutable", strategy: "mutable", specVersion: 7, hosts: 60 },
  ],
  totalHosts: 62,
};
const fleets: ScorecardFleet[] = [
  { name: "web-immutable", strategy: "immutable", specVersion: 4, hosts: 2, reporting: 2, conforming: 2, conformingPct: 100, snowflakes: 0, distinctFingerprints: 1, distinctPer100: 50, medianDrift: 0, medianAgeDays: 3 },
  { name: "web-mutable", strategy: "mutable", specVersion: 7, hosts: 60, reporting: 60, conforming: 20, conformingPct: 33.3, snowflakes: 4, distinctFingerprints: 30, distinctPer100: 50, medianDrift: 3, medianAgeDays: 140 },
];

function host(i: number): ExportHost {
  return {
    fleet: "web-mutable",
    strategy: "mutable",
    hostname: i === 0 ? "häfen-ü-01" : `web-${String(i).padStart(2, "0")}`,
    fingerprint: "abcdef0123456789".repeat(4),
    driftCount: 3,
    snowflakeScore: i % 7 === 0 ? 4.5 : 0.2,
    isSnowflake: i % 7 === 0,
    snowflakeReasons: [{ kind: "config-edited", subject: "/etc/php.ini", value: "a", consensus: "b", sharedBy: 1, cohort: 60, weight: 3, explain: "php.ini edited by hand; hash shared by 1 of 60 hosts" }],
    items: [
      { kind: "config-changed", subject: "/etc/häfen/ü.conf", expected: "a", actual: "b", explain: "/etc/häfen/ü.conf differs from the spec and was edited by hand", firstSeen: "2026-11-03T08:00:00.000Z" },
      { kind: "package-extra", subject: "htop", expected: null, actual: "3.2.2-2", explain: "htop 3.2.2-2 is installed but not in the spec", firstSeen: null },
      { kind: "package-version", subject: "łódź-tools", expected: "1.0", actual: "=cmd|' /C calc'!A0", explain: "łódź-tools: expected 1.0, found =cmd|' /C calc'!A0", firstSeen: "2026-11-20T00:00:00.000Z" },
    ],
  };
}

function render(hosts: ExportHost[], fonts = findPdfFonts()): { bytes: Buffer; chunksBeforeEnd: number } {
  const pdf = new DriftPdf(meta, fonts);
  const chunks: Buffer[] = [];
  const take = () => {
    for (let b = pdf.take(); b !== null; b = pdf.take()) chunks.push(b);
  };
  pdf.head(fleets);
  const acc = reportAccumulator();
  hosts.forEach((h) => acc.add(h));
  pdf.summary(acc.result());
  take();
  for (const h of hosts) pdf.host(h);
  take();
  const chunksBeforeEnd = chunks.length;
  pdf.tail(acc.result());
  pdf.end();
  take();
  return { bytes: Buffer.concat(chunks), chunksBeforeEnd };
}

function poppler(bytes: Buffer): { text: string; pages: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-pdf-"));
  try {
    const file = path.join(dir, "r.pdf");
    fs.writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
    const info = execFileSync("pdfinfo", [file]).toString("utf8");
    return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("DriftPdf", () => {
  it("writes a PDF whose text poppler reads back, non-ASCII names included", () => {
    const { bytes, chunksBeforeEnd } = render(Array.from({ length: 60 }, (_, i) => host(i)));
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(bytes.subarray(-6).toString("latin1")).toMatch(/%%EOF\n?$/);
    expect(chunksBeforeEnd).toBeGreaterThan(0); // pages go out before the document ends
    const { text, pages } = poppler(bytes);
    expect(pages).toBeGreaterThan(3);
    expect(text).toContain("web-mutable");
    expect(text).toContain("Scorecard: mutable vs immutable");
    expect(text).toContain("häfen-ü-01");
    expect(text).toContain("/etc/häfen/ü.conf");
    expect(text).toContain("łódź-tools");
    expect(text).toContain("Top snowflakes");
    expect(text).toContain("php.ini edited by hand");
    expect(text).toContain(`page ${pages}`);
  });

  it("falls back to the standard fonts, transliterating what WinAnsi lacks", () => {
    const { bytes } = render([host(0)], { regular: "Helvetica", bold: "Helvetica-Bold", standard: true });
    const { text } = poppler(bytes);
    expect(text).toContain("häfen-ü-01"); // Latin-1: kept
    expect(text).toContain("lódz-tools"); // ł and ź are not in WinAnsi
  });

  it("renders a report with no hosts", () => {
    const { text, pages } = poppler(render([]).bytes);
    expect(pages).toBe(1);
    expect(text).toContain("No host in this report has drift items.");
  });
});
