import { describe, expect, it } from "vitest";
import {
  compareFleetDriftRows,
  describeValues,
  FLEET_DRIFT_CSV_HEADER,
  fleetDriftCsvRecord,
  itemParam,
  parseFleetDriftQuery,
  parseItemParam,
  shapeFleetDriftRow,
  valueShares,
  withFleetDriftQuery,
  type FleetDriftRow,
} from "./fleet-drift";

const row = (over: Partial<FleetDriftRow>): FleetDriftRow => ({
  kind: "package-version",
  subject: "apache2",
  expected: "2.4.57-2",
  hosts: 1,
  fingerprints: 1,
  behind: 0,
  ahead: 0,
  firstSeen: null,
  values: [],
  moreValues: 0,
  moreHosts: 0,
  ...over,
});

describe("fleet drift query in the URL", () => {
  it("defaults to most hosts first and reads prefixed keys only", () => {
    const q = parseFleetDriftQuery(() => null);
    expect(q).toEqual({ kind: null, direction: null, q: "", sort: "hosts", dir: "desc", page: 1 });
    const p = new URLSearchParams("q=web&sort=hostname&driftKind=config-changed&driftDirection=ahead&driftQ=php&driftSort=subject&driftPage=3");
    expect(parseFleetDriftQuery((k) => p.get(k))).toEqual({ kind: "config-changed", direction: "ahead", q: "php", sort: "subject", dir: "asc", page: 3 });
  });

  it("ignores values it does not know rather than failing the page", () => {
    const p = new URLSearchParams("driftKind=nope&driftDirection=sideways&driftSort=x&driftDir=up&driftPage=-2");
    expect(parseFleetDriftQuery((k) => p.get(k))).toEqual(parseFleetDriftQuery(() => null));
  });

  it("writes only non-default values and keeps the hosts table's keys", () => {
    const base = new URLSearchParams("q=web&drifted=1&driftQ=old");
    expect(withFleetDriftQuery(base, parseFleetDriftQuery(() => null)).toString()).toBe("q=web&drifted=1");
    const q = { ...parseFleetDriftQuery(() => null), kind: "package-extra" as const, sort: "firstSeen" as const, dir: "asc" as const, page: 2 };
    const out = withFleetDriftQuery(base, q);
    expect(out.get("q")).toBe("web");
    expect(parseFleetDriftQuery((k) => out.get(k))).toEqual(q);
  });
});

describe("shapeFleetDriftRow", () => {
  it("reads either driver's types and counts what is not listed", () => {
    const r = shapeFleetDriftRow({
      kind: "package-version",
      subject: "libssl3",
      expected: "3.0.19-1~deb12u3",
      hosts: "10",
      fingerprints: 4,
      behind: "3",
      ahead: 6,
      first_seen: new Date("2026-11-20T10:00:00Z"),
      value_count: "4",
      top_values: JSON.stringify([
        { actual: "3.0.19-1~deb12u4", hosts: 6, direction: "ahead" },
        { actual: "3.0.19-1~deb12u2", hosts: "3", direction: "behind" },
      ]),
    });
    expect(r.values).toEqual([
      { actual: "3.0.19-1~deb12u4", hosts: 6, direction: "ahead" },
      { actual: "3.0.19-1~deb12u2", hosts: 3, direction: "behind" },
    ]);
    expect(r).toMatchObject({ hosts: 10, fingerprints: 4, behind: 3, ahead: 6, moreValues: 2, moreHosts: 1, firstSeen: "2026-11-20T10:00:00.000Z" });
  });

  it("keeps a missing package's null value and unknown directions as null", () => {
    const r = shapeFleetDriftRow({ kind: "package-missing", subject: "curl", expected: "*", hosts: 2, fingerprints: 1, behind: 0, ahead: 0, first_seen: null, value_count: 1, top_values: [{ actual: null, hosts: 2, direction: null }] });
    expect(r.values).toEqual([{ actual: null, hosts: 2, direction: null }]);
    expect(r.firstSeen).toBeNull();
  });
});

describe("compareFleetDriftRows", () => {
  const a = row({ subject: "zlib1g", hosts: 5, firstSeen: "2026-11-01T00:00:00.000Z" });
  const b = row({ kind: "config-changed", subject: "/etc/php.ini", hosts: 5, firstSeen: "2026-11-03T00:00:00.000Z" });
  const c = row({ kind: "package-missing", subject: "curl", hosts: 9, firstSeen: null });

  it("sorts by hosts, ties by kind (drift-list order) then subject", () => {
    expect([b, a, c].sort(compareFleetDriftRows("hosts", "desc")).map((r) => r.subject)).toEqual(["curl", "zlib1g", "/etc/php.ini"]);
    expect([c, b, a].sort(compareFleetDriftRows("hosts", "asc")).map((r) => r.subject)).toEqual(["zlib1g", "/etc/php.ini", "curl"]);
  });

  it("sorts by subject and by kind", () => {
    expect([a, c, b].sort(compareFleetDriftRows("subject", "asc")).map((r) => r.subject)).toEqual(["/etc/php.ini", "curl", "zlib1g"]);
    expect([b, c, a].sort(compareFleetDriftRows("kind", "asc")).map((r) => r.kind)).toEqual(["package-missing", "package-version", "config-changed"]);
  });

  it("sorts by first seen with unknown dates last either way", () => {
    expect([a, c, b].sort(compareFleetDriftRows("firstSeen", "desc")).map((r) => r.subject)).toEqual(["/etc/php.ini", "zlib1g", "curl"]);
    expect([c, b, a].sort(compareFleetDriftRows("firstSeen", "asc")).map((r) => r.subject)).toEqual(["zlib1g", "/etc/php.ini", "curl"]);
  });
});

describe("valueShares", () => {
  it("gives each value its share and the rest one segment", () => {
    const s = valueShares(row({ hosts: 10, values: [{ actual: "1", hosts: 6, direction: "ahead" }, { actual: null, hosts: 1, direction: null }], moreValues: 2, moreHosts: 3 }));
    expect(s.map((x) => [x.label, x.share, x.other])).toEqual([
      ["1", 0.6, false],
      ["absent", 0.1, false],
      ["2 more values", 0.3, true],
    ]);
    expect(valueShares(row({ hosts: 0 }))).toEqual([]);
  });
});

describe("item parameter", () => {
  it("round-trips subjects that hold a colon", () => {
    expect(parseItemParam(itemParam("package-version", "libc6:i386"))).toEqual({ kind: "package-version", subject: "libc6:i386" });
    expect(parseItemParam("config-changed:/etc/php/8.2/php.ini")).toEqual({ kind: "config-changed", subject: "/etc/php/8.2/php.ini" });
  });
  it("refuses what is not kind:subject", () => {
    for (const s of [null, "", "apache2", "nope:apache2", "package-version:"]) expect(parseItemParam(s)).toBeNull();
  });
});

describe("CSV", () => {
  it("lists every value and neutralises formula-like cells", () => {
    const r = row({ subject: "=cmd", hosts: 4, behind: 1, ahead: 3, values: [{ actual: "2", hosts: 3, direction: "ahead" }, { actual: "0", hosts: 1, direction: "behind" }], firstSeen: "2026-11-01T00:00:00.000Z" });
    expect(FLEET_DRIFT_CSV_HEADER).toBe("fleet,kind,subject,expected,hosts,behind,ahead,fingerprints,first_seen,values\r\n");
    expect(fleetDriftCsvRecord("web", r)).toBe(`web,package-version,'=cmd,2.4.57-2,4,1,3,1,2026-11-01T00:00:00.000Z,"2 (3 hosts, ahead); 0 (1 host, behind)"\r\n`);
    expect(describeValues([{ actual: null, hosts: 2, direction: null }])).toBe("absent (2 hosts)");
  });
});
