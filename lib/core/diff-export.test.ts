import { describe, expect, it } from "vitest";
import type { DiffRow } from "./diff";
import { diffCsv, diffFilename, diffJson, diffMarkdown, type DiffExport } from "./diff-export";

const rows: DiffRow[] = [
  { section: "package", key: "apache2", left: "2.4.62-1~deb12u1", right: "2.4.62-1~deb12u2", status: "differs" },
  { section: "package", key: "bash", left: "5.2.15-2+b7", right: "5.2.15-2+b7", status: "same" },
  { section: "package", key: "=HYPERLINK(\"http://x\",\"y\")", left: "-1", right: null, status: "only-left" },
  { section: "package", key: "@SUM(1,2)", left: null, right: "+1", status: "only-right" },
  { section: "config", key: "/etc/hostname", left: "a".repeat(64), right: "b".repeat(64), status: "ignored" },
  { section: "config", key: "/etc/motd|x", left: "c".repeat(64), right: "d".repeat(64), status: "differs" },
];

const base: DiffExport = {
  hostname: "web-17",
  fleet: "web-mutable",
  left: { kind: "host", name: "web-17" },
  right: { kind: "spec", name: "web-mutable spec v2" },
  slug: "spec-v2",
  generatedAt: new Date("2026-11-26T15:30:00Z"),
  filter: { all: false, status: "", q: "" },
  rows,
  osChanges: 0,
};

describe("diff export formats", () => {
  it("names the file after the host, the other side and the UTC day", () => {
    expect(diffFilename(base, "csv")).toBe("fleetprint-diff-web-17-vs-spec-v2-2026-11-26.csv");
    expect(diffFilename({ ...base, hostname: "Web_17", slug: "iweb-03@web-immutable" }, "md")).toBe("fleetprint-diff-web-17-vs-iweb-03-web-immutable-2026-11-26.md");
  });

  it("writes RFC 4180 CSV with a BOM, CRLF, quoting, and formula cells neutralised", () => {
    const csv = diffCsv(base);
    expect(csv.startsWith("\uFEFFsection,key,left,right,status\r\n")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines).toHaveLength(6); // header, 4 rows, trailing empty
    expect(lines[1]).toBe("package,apache2,2.4.62-1~deb12u1,2.4.62-1~deb12u2,differs");
    expect(lines[2]).toBe(`package,"'=HYPERLINK(""http://x"",""y"")",'-1,,only-left`);
    expect(lines[3]).toBe(`package,"'@SUM(1,2)",,'+1,only-right`);
    expect(lines[5]).toBe("");
  });

  it("writes JSON with raw values, the sides, the filter and a summary over all rows", () => {
    const doc = JSON.parse(diffJson({ ...base, filter: { all: true, status: "", q: "" } }));
    expect(doc).toMatchObject({ schema: 1, host: "web-17", fleet: "web-mutable", right: { kind: "spec", name: "web-mutable spec v2" }, totalRows: 6 });
    expect(doc.rows).toHaveLength(6);
    expect(doc.rows[1]).toEqual({ section: "package", key: rows[2].key, left: "-1", right: null, status: "only-left" });
    expect(doc.summary.text).toBe("1 package upgraded, 1 added, 1 removed, 1 config changed");
  });

  it("writes a Markdown table whose agent-supplied cells cannot break the table", () => {
    const md = diffMarkdown(base);
    expect(md).toContain("# web-17 vs web-mutable spec v2");
    expect(md).toContain("- **Rows:** 4 of 6 (differences only)");
    expect(md).toContain("| config | /etc/motd\\|x |");
    expect(md).toContain("*absent*");
    expect(diffMarkdown({ ...base, filter: { all: false, status: "", q: "nothing" } })).toContain("No row matches.");
  });
});
