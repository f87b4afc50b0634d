import { describe, expect, it } from "vitest";
import { csvHead, csvHostRecords, exportFilename, exportHref, fileStamp, jsonHead, jsonHost, jsonTail, type ExportFilters, type ExportHost, type ExportMeta } from "./drift-export";

const none: ExportFilters = { fleet: null, drifted: null, snowflake: null, q: null, since: null };
const at = new Date("2026-11-26T15:30:45.123Z");

const host = (over: Partial<ExportHost> = {}): ExportHost => ({
  fleet: "web-mutable",
  strategy: "mutable",
  hostname: "web-17",
  fingerprint: "ab".repeat(32),
  driftCount: 2,
  snowflakeScore: 3.5,
  isSnowflake: true,
  snowflakeReasons: [],
  items: [
    { kind: "package-version", subject: "php8.2", expected: "8.2.29-1", actual: "-1", explain: "php8.2: expected 8.2.29-1, found -1", firstSeen: "2026-11-01T00:00:00.000Z" },
    { kind: "config-changed", subject: "/etc/häfen/ü.conf", expected: "aa", actual: "bb", explain: "edited, by hand", firstSeen: null },
  ],
  ...over,
});

describe("exportFilename", () => {
  it("says what and when", () => {
    expect(fileStamp(at)).toBe("2026-11-26T1530Z");
    expect(exportFilename({ ...none, fleet: "web-mutable" }, at, "csv")).toBe("fleetprint-drift-web-mutable-2026-11-26T1530Z.csv");
    expect(exportFilename(none, at, "pdf")).toBe("fleetprint-drift-all-fleets-2026-11-26T1530Z.pdf");
  });

  it("names every narrowing filter, with q as an ASCII slug", () => {
    const f = { fleet: "web", drifted: true, snowflake: false, q: ' Web-1"; rm ', since: "2026-11-01" };
    expect(exportFilename(f, at, "md")).toBe("fleetprint-drift-web-drifted-not-snowflakes-q-web-1-rm-since-2026-11-01-2026-11-26T1530Z.md");
    expect(exportFilename({ ...none, fleet: "web", source: "osquery" }, at, "csv")).toBe("fleetprint-drift-web-source-osquery-2026-11-26T1530Z.csv");
    expect(exportFilename({ ...none, q: "ü€" }, at, "json")).toBe("fleetprint-drift-all-fleets-2026-11-26T1530Z.json");
  });
});

describe("exportHref", () => {
  it("carries exactly the filters that narrow the list", () => {
    expect(exportHref({}, "csv")).toBe("/api/v1/exports/drift?format=csv");
    expect(exportHref({ fleet: "web", drifted: true, snowflake: false, q: " web-1 ", since: "2026-11-01" }, "pdf")).toBe(
      "/api/v1/exports/drift?fleet=web&drifted=1&snowflake=0&q=web-1&since=2026-11-01&format=pdf",
    );
    expect(exportHref({ q: "a&b=c" }, "md")).toBe("/api/v1/exports/drift?q=a%26b%3Dc&format=md");
    expect(exportHref({ fleet: "web", source: "spdx" }, "csv")).toBe("/api/v1/exports/drift?fleet=web&source=spdx&format=csv");
  });
});

describe("CSV records", () => {
  it("starts with a BOM and the header", () => {
    expect(csvHead()).toBe("\uFEFFfleet,host,kind,subject,expected,actual,direction,first_seen,snowflake_score,explain,differs_since,differs_since_version,reporting,last_seen,source\r\n");
  });

  it("writes one record per item, neutralising text but not the score", () => {
    const lines = csvHostRecords(host()).split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("web-mutable,web-17,package-version,php8.2,8.2.29-1,'-1,,2026-11-01T00:00:00.000Z,3.5,\"php8.2: expected 8.2.29-1, found -1\",,,,,");
    expect(lines[1]).toBe('web-mutable,web-17,config-changed,/etc/häfen/ü.conf,aa,bb,,,3.5,"edited, by hand",,,,,');
  });

  it("ends a record with since when the item has differed from the current spec, and that spec version", () => {
    const h = host();
    const items = [{ ...h.items[0], differsSince: "2026-11-21T00:00:00.000Z", differsSinceVersion: 3 }];
    expect(csvHostRecords({ ...h, items }).split("\r\n")[0]).toMatch(/,2026-11-01T00:00:00\.000Z,3\.5,.*,2026-11-21T00:00:00\.000Z,3,,,$/);
  });

  it("keeps a host without items as one record with empty item columns", () => {
    expect(csvHostRecords(host({ items: [], driftCount: 0 }))).toBe("web-mutable,web-17,,,,,,,3.5,,,,,,\r\n");
  });

  it("says whether each host still reports and when it was last seen", () => {
    const line = csvHostRecords(host({ items: [], reporting: "not-reporting", lastSeen: "2026-11-27T08:00:00.000Z" }));
    expect(line).toBe("web-mutable,web-17,,,,,,,3.5,,,,not-reporting,2026-11-27T08:00:00.000Z,\r\n");
  });

  it("says where each host's data comes from, last", () => {
    expect(csvHostRecords(host({ items: [], source: "cyclonedx" }))).toBe("web-mutable,web-17,,,,,,,3.5,,,,,,cyclonedx\r\n");
  });
});

describe("JSON parts", () => {
  const meta: ExportMeta = {
    generatedAt: at.toISOString(),
    filters: { ...none, fleet: "web-mutable" },
    fleets: [{ name: "web-mutable", strategy: "mutable", specVersion: 3, hosts: 2 }],
    totalHosts: 2,
  };

  it("concatenate to one valid document, without the snowflake reasons", () => {
    const text = jsonHead(meta) + jsonHost(host(), true) + jsonHost(host({ hostname: "web-18" }), false) + jsonTail({ hosts: 2, items: 4 });
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ schema: 1, totalHosts: 2, fleets: [{ specVersion: 3 }], count: { hosts: 2, items: 4 } });
    expect(doc.hosts.map((h: { hostname: string }) => h.hostname)).toEqual(["web-17", "web-18"]);
    expect(doc.hosts[0].items[1].subject).toBe("/etc/häfen/ü.conf");
    expect(doc.hosts[0].items[0].actual).toBe("-1"); // raw: neutralising is a CSV concern
    expect(doc.hosts[0]).not.toHaveProperty("snowflakeReasons");
  });

  it("is valid with no hosts", () => {
    expect(JSON.parse(jsonHead(meta) + jsonTail({ hosts: 0, items: 0 })).hosts).toEqual([]);
  });
});
