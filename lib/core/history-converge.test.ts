import { describe, expect, it } from "vitest";
import { convergeTable, describeConverge, formatDuration, type ConvergeSnapshot } from "./history-converge";

const H = 3_600_000;
const t0 = Date.parse("2026-09-01T09:00:00Z");
const at = (hours: number) => new Date(t0 + hours * H);
const s = (hours: number, specVersion: number | null, conforming: number | null, hosts = 24): ConvergeSnapshot => ({ takenAt: at(hours), specVersion, hosts, conforming });

describe("convergeTable", () => {
  it("measures from a version's first point to the first point where every host conforms", () => {
    const rows = convergeTable(
      [s(0, 1, 24), s(5, 1, 24), s(24, 2, 1), s(30, 2, 12), s(49, 2, 24), s(60, 2, 23), s(72, 3, 1), s(90, 3, 22)],
      [],
    );
    expect(rows.map((r) => r.version)).toEqual([3, 2, 1]);
    const [v3, v2, v1] = rows;
    expect(v1).toMatchObject({ durationMs: 0, convergedAt: at(0).toISOString(), supersededBy: 2 });
    expect(v2).toMatchObject({ startedAt: at(24).toISOString(), convergedAt: at(49).toISOString(), durationMs: 25 * H, conforming: 23, hosts: 24 });
    expect(v3).toMatchObject({ convergedAt: null, durationMs: null, conforming: 22, hosts: 24, supersededBy: null });
    expect(describeConverge(v2)).toBe("1 d 1 h");
    expect(describeConverge(v3)).toBe("not yet (22 of 24)");
  });

  it("starts at the spec's createdAt when it is earlier than the first point", () => {
    const [row] = convergeTable([s(10, 1, 3, 3)], [{ version: 1, createdAt: at(4) }]);
    expect(row).toMatchObject({ startedAt: at(4).toISOString(), durationMs: 6 * H });
    // A seeded or imported spec can carry a later createdAt than its points: the first point wins then.
    const [late] = convergeTable([s(10, 1, 3, 3)], [{ version: 1, createdAt: at(100) }]);
    expect(late.startedAt).toBe(at(10).toISOString());
  });

  it("says never when a newer version came before every host matched", () => {
    const rows = convergeTable([s(0, 1, 30, 40), s(24, 1, 31, 40), s(48, 2, 10, 40)], []);
    expect(describeConverge(rows[1])).toBe("never (31 of 40 when v2 came)");
    expect(describeConverge(rows[0])).toBe("not yet (10 of 40)");
  });

  it("lists a saved version without any point yet, and ignores points without a spec", () => {
    const rows = convergeTable([s(0, null, null), s(1, 1, 0, 0)], [{ version: 1, createdAt: at(1) }, { version: 2, createdAt: at(2) }]);
    expect(rows.map((r) => [r.version, describeConverge(r)])).toEqual([
      [2, "not yet"],
      [1, "never"],
    ]);
  });

  it("accepts points in any order", () => {
    const [row] = convergeTable([s(30, 1, 24), s(20, 1, 24), s(10, 1, 2)], []);
    expect(row.durationMs).toBe(10 * H);
  });
});

describe("formatDuration", () => {
  it("is precise for short times and short for long ones", () => {
    expect(formatDuration(0)).toBe("at once");
    expect(formatDuration(40 * 60_000)).toBe("40 min");
    expect(formatDuration(5 * H + 20 * 60_000)).toBe("5 h 20 min");
    expect(formatDuration(13 * H + 50 * 60_000)).toBe("14 h");
    expect(formatDuration(38 * H)).toBe("1 d 14 h");
    expect(formatDuration(47.9 * H)).toBe("2 d");
    expect(formatDuration(12.4 * 24 * H)).toBe("12 d");
  });
});
