import { describe, expect, it } from "vitest";
import type { DiffRow } from "./diff";
import { diffExportHref, filterDiffRows } from "./diff-filter";

const rows: DiffRow[] = [
  { section: "package", key: "apache2", left: "2.4.62-1~deb12u1", right: "2.4.62-1~deb12u2", status: "differs" },
  { section: "package", key: "bash", left: "5.2.15-2+b7", right: "5.2.15-2+b7", status: "same" },
  { section: "package", key: "curl", left: "7.88.1-10", right: null, status: "only-left" },
  { section: "config", key: "/etc/hostname", left: "a".repeat(64), right: "b".repeat(64), status: "ignored" },
  { section: "config", key: "/etc/motd", left: "c".repeat(64), right: "d".repeat(64), status: "differs" },
];

describe("filterDiffRows", () => {
  it("keeps differences only unless all, differences first, then equal, then ignored", () => {
    expect(filterDiffRows(rows, { all: false, status: "", q: "" }).map((r) => r.key)).toEqual(["apache2", "curl", "/etc/motd"]);
    expect(filterDiffRows(rows, { all: true, status: "", q: "" }).map((r) => r.status)).toEqual(["differs", "only-left", "differs", "same", "ignored"]);
  });

  it("narrows by status and by key or section text", () => {
    expect(filterDiffRows(rows, { all: true, status: "same", q: "" }).map((r) => r.key)).toEqual(["bash"]);
    expect(filterDiffRows(rows, { all: true, status: "", q: "CONFIG" }).map((r) => r.key)).toEqual(["/etc/motd", "/etc/hostname"]);
    expect(filterDiffRows(rows, { all: false, status: "", q: "apache" }).map((r) => r.key)).toEqual(["apache2"]);
  });
});

describe("diffExportHref", () => {
  it("links the export to the API with the page's filters", () => {
    expect(diffExportHref({ hostname: "web-17", fleet: "web-mutable" }, { against: "host:web-03" }, { all: true, status: "differs", q: " php " }, "csv")).toBe(
      "/api/v1/hosts/web-17/diff?fleet=web-mutable&against=host%3Aweb-03&all=1&status=differs&q=php&format=csv",
    );
    expect(diffExportHref({ hostname: "web-17", fleet: "f" }, { from: "a", to: "b", against: "spec" }, { all: false, status: "", q: "" }, "md")).toBe(
      "/api/v1/hosts/web-17/diff?fleet=f&from=a&to=b&format=md",
    );
  });
});
