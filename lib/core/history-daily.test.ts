import { describe, expect, it } from "vitest";
import { dailySeries, lastDays, utcDay, type TimedSnapshot } from "./history-daily";

const snap = (fleet: string, at: string, over: Partial<TimedSnapshot> = {}): TimedSnapshot => ({
  fleet,
  takenAt: new Date(at),
  hosts: 10,
  conforming: 5,
  snowflakes: 1,
  distinctFingerprints: 3,
  driftItems: 7,
  medianDrift: 1,
  specVersion: 1,
  ...over,
});

describe("lastDays", () => {
  it("lists consecutive UTC days ending today, across a month end", () => {
    expect(lastDays(new Date("2026-12-02T23:59:00Z"), 4)).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
    expect(lastDays(new Date("2026-12-02T00:00:00Z"), 1)).toEqual(["2026-12-02"]);
    expect(lastDays(new Date(), 0)).toEqual([]);
  });

  it("uses UTC, not the local day", () => {
    expect(utcDay(new Date("2026-11-26T23:30:00-05:00"))).toBe("2026-11-27");
  });
});

describe("dailySeries", () => {
  const days = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"];

  it("takes each day's last snapshot and carries it over days without one", () => {
    const points = dailySeries(
      [
        snap("web", "2026-11-01T09:00:00Z", { conforming: 2 }),
        snap("web", "2026-11-01T23:00:00Z", { conforming: 4 }),
        snap("web", "2026-11-03T10:00:00Z", { conforming: 10, driftItems: 0 }),
      ],
      days,
    );
    expect(points.map((p) => [p.day, p.conforming, p.carried])).toEqual([
      ["2026-11-01", 4, false],
      ["2026-11-02", 4, true],
      ["2026-11-03", 10, false],
      ["2026-11-04", 10, true],
    ]);
    expect(points[1]).toMatchObject({ takenAt: "2026-11-01T23:00:00.000Z", conformingPct: 40, driftItems: 7 });
    expect(points[3]).toMatchObject({ conformingPct: 100, driftItems: 0 });
  });

  it("seeds the first day from a snapshot before the window, and ignores ones after it", () => {
    const points = dailySeries([snap("web", "2026-10-20T12:00:00Z", { hosts: 8 }), snap("web", "2026-11-05T00:00:01Z", { hosts: 99 })], days);
    expect(points).toHaveLength(4);
    expect(points.every((p) => p.hosts === 8 && p.carried)).toBe(true);
  });

  it("gives a fleet no point before its first snapshot, and keeps fleets apart, in name order", () => {
    const points = dailySeries([snap("zeta", "2026-11-03T01:00:00Z"), snap("alpha", "2026-11-01T01:00:00Z", { conforming: null, driftItems: null, specVersion: null })], days);
    expect(points.map((p) => `${p.fleet} ${p.day}`)).toEqual([
      "alpha 2026-11-01",
      "alpha 2026-11-02",
      "alpha 2026-11-03",
      "alpha 2026-11-04",
      "zeta 2026-11-03",
      "zeta 2026-11-04",
    ]);
    expect(points[0]).toMatchObject({ conforming: null, conformingPct: null });
  });

  it("does not depend on input order, and a fleet without hosts has no percentage", () => {
    const a = snap("web", "2026-11-02T10:00:00Z", { hosts: 0, conforming: 0 });
    const b = snap("web", "2026-11-02T08:00:00Z", { hosts: 3, conforming: 3 });
    const points = dailySeries([a, b], days);
    expect(points[0]).toMatchObject({ day: "2026-11-02", hosts: 0, conformingPct: null });
  });
});
