// No alert storms: a channel gets at most one message per window, and a message lists counts per kind plus
// the first few subjects, however many events the window collected (500 hosts drifting = one message).
import { ALERT_KINDS, type AlertEvent, type AlertKind } from "./alert-kinds";

export interface GroupTiming {
  /** created_at of the oldest event that no delivery covers yet. */
  oldestPending: Date;
  /** created_at of the channel's latest alert delivery (test messages do not count), if any. */
  lastDeliveryAt: Date | null;
  groupSeconds: number;
}

/**
 * When the pending events of a channel become one delivery: a window after the oldest of them (so the events
 * of a burst travel together), and never sooner than a window after the previous delivery (so a steady
 * trickle of events still makes one message per window, not one per event).
 */
export function groupDueAt(t: GroupTiming): Date {
  const window = Math.max(0, t.groupSeconds) * 1000;
  const afterOldest = t.oldestPending.getTime() + window;
  const afterLast = t.lastDeliveryAt ? t.lastDeliveryAt.getTime() + window : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(afterOldest, afterLast));
}

export interface KindGroup {
  kind: AlertKind;
  /** Distinct subjects (a host that drifted twice in the window counts once). */
  count: number;
  /** Raw events, repeats included. */
  occurrences: number;
  /** The first `maxShown` subjects by first occurrence, each with its latest event (the freshest detail). */
  shown: AlertEvent[];
  omitted: number;
}

/** Groups a window's events by kind, in the fixed kind order; kinds without events are left out. */
export function groupEvents(events: readonly AlertEvent[], maxShown: number): KindGroup[] {
  const byKind = new Map<AlertKind, { first: Map<string, number>; latest: Map<string, AlertEvent>; occurrences: number }>();
  for (const e of events) {
    let g = byKind.get(e.kind);
    if (!g) byKind.set(e.kind, (g = { first: new Map(), latest: new Map(), occurrences: 0 }));
    g.occurrences++;
    const t = e.at.getTime();
    if (!g.first.has(e.subject) || t < g.first.get(e.subject)!) g.first.set(e.subject, t);
    const prev = g.latest.get(e.subject);
    if (!prev || t >= prev.at.getTime()) g.latest.set(e.subject, e);
  }
  return ALERT_KINDS.filter((k) => byKind.has(k)).map((kind) => {
    const g = byKind.get(kind)!;
    const subjects = [...g.first.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([s]) => s);
    const shown = subjects.slice(0, Math.max(0, maxShown)).map((s) => g.latest.get(s)!);
    return { kind, count: subjects.length, occurrences: g.occurrences, shown, omitted: subjects.length - shown.length };
  });
}

export function countsOf(groups: readonly KindGroup[]): Partial<Record<AlertKind, number>> {
  return Object.fromEntries(groups.map((g) => [g.kind, g.count]));
}
