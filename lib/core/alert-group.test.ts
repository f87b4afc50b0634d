import { describe, expect, it } from "vitest";
import type { AlertEvent, AlertKind } from "./alert-kinds";
import { countsOf, groupDueAt, groupEvents } from "./alert-group";

const T0 = Date.parse("2026-03-01T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1000);
const ev = (kind: AlertKind, subject: string, s: number, detail: Record<string, unknown> = {}): AlertEvent => ({ kind, subject, detail, at: at(s) });

describe("groupDueAt", () => {
  it("waits one window after the oldest pending event", () => {
    expect(groupDueAt({ oldestPending: at(5), lastDeliveryAt: null, groupSeconds: 60 })).toEqual(at(65));
  });

  it("never sends sooner than a window after the previous delivery", () => {
    expect(groupDueAt({ oldestPending: at(70), lastDeliveryAt: at(65), groupSeconds: 60 })).toEqual(at(130));
    // A quiet channel: the last delivery is long past, the window starts at the event.
    expect(groupDueAt({ oldestPending: at(3600), lastDeliveryAt: at(65), groupSeconds: 60 })).toEqual(at(3660));
  });

  it("sends at once with a zero window", () => {
    expect(groupDueAt({ oldestPending: at(5), lastDeliveryAt: at(4), groupSeconds: 0 })).toEqual(at(5));
  });
});

describe("groupEvents", () => {
  it("turns a storm into counts and the first few subjects", () => {
    const storm = Array.from({ length: 500 }, (_, i) => ev("host-drifted", `web-${String(i).padStart(3, "0")}`, i / 10));
    const [g] = groupEvents(storm, 10);
    expect(g).toMatchObject({ kind: "host-drifted", count: 500, occurrences: 500, omitted: 490 });
    expect(g.shown.map((e) => e.subject)).toEqual(storm.slice(0, 10).map((e) => e.subject));
  });

  it("counts a subject once, shows its latest detail at its first place", () => {
    const groups = groupEvents(
      [ev("host-drifted", "b", 1, { driftItems: 1 }), ev("host-drifted", "a", 2), ev("host-drifted", "b", 3, { driftItems: 4 })],
      10,
    );
    expect(groups[0]).toMatchObject({ count: 2, occurrences: 3, omitted: 0 });
    expect(groups[0].shown.map((e) => [e.subject, e.detail.driftItems])).toEqual([
      ["b", 4],
      ["a", undefined],
    ]);
  });

  it("orders kinds by the fixed kind order and leaves absent kinds out", () => {
    const groups = groupEvents([ev("rebuild-failed", "r1", 1), ev("host-drifted", "h", 2), ev("rebuild-failed", "r2", 3)], 5);
    expect(groups.map((g) => g.kind)).toEqual(["host-drifted", "rebuild-failed"]);
    expect(countsOf(groups)).toEqual({ "host-drifted": 1, "rebuild-failed": 2 });
  });

  it("handles an empty window", () => {
    expect(groupEvents([], 5)).toEqual([]);
  });
});
