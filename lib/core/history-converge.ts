// "Time to converge": after a spec version is saved, how long until every host of the fleet matched it. An
// immutable fleet converges when its last host is replaced from the new image; a mutable fleet patched by
// hand usually never does. Measured from the fleet's own trend points, so nothing new has to be recorded.

export interface ConvergeSnapshot {
  specVersion: number | null;
  hosts: number;
  conforming: number | null;
  takenAt: Date;
}

export interface SpecVersionStart {
  version: number;
  createdAt: Date;
}

export interface ConvergeRow {
  version: number;
  /** The earlier of the spec's createdAt and the first trend point under it. */
  startedAt: string;
  /** First trend point under this version where every host conformed; null: not converged. */
  convergedAt: string | null;
  durationMs: number | null;
  /** The last trend point under this version ("N of M" while it has not converged). */
  conforming: number | null;
  hosts: number | null;
  /** The next version, when one was saved: a version that had not converged by then never will. */
  supersededBy: number | null;
}

/**
 * One row per spec version, newest first. `snapshots` may be every trend point of the fleet or any subset that
 * keeps, per version, the first point, the first fully conforming one and the last (the service asks the
 * database for just those). A fleet with no host (hosts 0) has not converged: there is nothing to show yet.
 */
export function convergeTable(snapshots: readonly ConvergeSnapshot[], specs: readonly SpecVersionStart[]): ConvergeRow[] {
  const sorted = snapshots.filter((s) => s.specVersion !== null).sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  const created = new Map(specs.map((s) => [s.version, s.createdAt]));
  const versions = [...new Set([...created.keys(), ...sorted.map((s) => s.specVersion as number)])].sort((a, b) => a - b);
  const rows = versions.map((version, i): ConvergeRow => {
    const points = sorted.filter((s) => s.specVersion === version);
    const starts = [created.get(version), points[0]?.takenAt].filter((d): d is Date => d !== undefined);
    const start = new Date(Math.min(...starts.map((d) => d.getTime())));
    const done = points.find((s) => s.hosts > 0 && s.conforming === s.hosts);
    const last = points[points.length - 1];
    return {
      version,
      startedAt: start.toISOString(),
      convergedAt: done ? done.takenAt.toISOString() : null,
      durationMs: done ? Math.max(0, done.takenAt.getTime() - start.getTime()) : null,
      conforming: last?.conforming ?? null,
      hosts: last?.hosts ?? null,
      supersededBy: versions[i + 1] ?? null,
    };
  });
  return rows.reverse();
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** "at once", "40 min", "5 h 20 min", "1 d 14 h", "12 d": precise where it matters, short where it does not. */
export function formatDuration(ms: number): string {
  if (ms < MIN) return "at once";
  if (ms < HOUR) return `${Math.round(ms / MIN)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MIN);
    return m === 0 || h >= 10 ? `${Math.round(ms / HOUR)} h` : `${h} h ${m} min`;
  }
  if (ms < 10 * DAY) {
    const d = Math.floor(ms / DAY);
    const h = Math.round((ms - d * DAY) / HOUR);
    return h === 0 ? `${d} d` : h === 24 ? `${d + 1} d` : `${d} d ${h} h`;
  }
  return `${Math.round(ms / DAY)} d`;
}

/** The table cell: the duration, "not yet (22 of 24)", or "never (31 of 40 when v3 came)". */
export function describeConverge(row: ConvergeRow): string {
  if (row.durationMs !== null) return formatDuration(row.durationMs);
  const share = !row.hosts || row.conforming === null ? "" : ` (${row.conforming} of ${row.hosts}`;
  if (row.supersededBy !== null) return `never${share ? `${share} when v${row.supersededBy} came)` : ""}`;
  return `not yet${share ? `${share})` : ""}`;
}
