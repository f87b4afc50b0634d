// A fleet's trend as one point per UTC day. Snapshots come every ten minutes on busy days and not at all on
// quiet ones (nothing changed, nobody wrote one), so the day's LAST snapshot stands for the day and a day
// without one carries the previous value forward: a fleet that did not change still has a value, and a chart
// line never drops to zero or breaks just because nothing happened.

const DAY_MS = 86_400_000;

export interface SnapshotValues {
  hosts: number;
  /** Null when the fleet had no spec: there was nothing to conform to. */
  conforming: number | null;
  snowflakes: number;
  distinctFingerprints: number;
  driftItems: number | null;
  medianDrift: number | null;
  specVersion: number | null;
}

export interface TimedSnapshot extends SnapshotValues {
  fleet: string;
  takenAt: Date;
}

export interface DailyPoint extends SnapshotValues {
  fleet: string;
  /** UTC day, "2026-11-26". */
  day: string;
  /** The snapshot the values come from (the day's last, or an earlier one carried forward). */
  takenAt: string;
  /** True when no snapshot was taken that day and the values are the previous day's. */
  carried: boolean;
  /** conforming / hosts × 100, one decimal; null without a spec or without hosts. */
  conformingPct: number | null;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The `days` UTC days ending with the day of `now`, oldest first. */
export function lastDays(now: Date, days: number): string[] {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: Math.max(0, days) }, (_, i) => utcDay(new Date(end - (days - 1 - i) * DAY_MS)));
}

export function conformingPct(s: Pick<SnapshotValues, "conforming" | "hosts">): number | null {
  return s.conforming === null || s.hosts === 0 ? null : Math.round((s.conforming / s.hosts) * 1000) / 10;
}

/**
 * One point per fleet per day of `days` (sorted, consecutive UTC days), fleets in name order. Snapshots before
 * the first day seed the carry; a fleet gets no point for days before its first snapshot (no made-up values).
 * Snapshots after the last day are ignored. Input order does not matter.
 */
export function dailySeries(snapshots: readonly TimedSnapshot[], days: readonly string[]): DailyPoint[] {
  const byFleet = new Map<string, TimedSnapshot[]>();
  for (const s of snapshots) {
    let list = byFleet.get(s.fleet);
    if (!list) byFleet.set(s.fleet, (list = []));
    list.push(s);
  }
  const out: DailyPoint[] = [];
  for (const fleet of [...byFleet.keys()].sort()) {
    const list = byFleet.get(fleet)!.slice().sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
    let i = 0;
    let last: TimedSnapshot | null = null;
    for (const day of days) {
      while (i < list.length && utcDay(list[i].takenAt) <= day) last = list[i++];
      if (!last) continue;
      const { fleet: _f, takenAt, ...values } = last;
      out.push({ ...values, fleet, day, takenAt: takenAt.toISOString(), carried: utcDay(takenAt) !== day, conformingPct: conformingPct(last) });
    }
  }
  return out;
}
