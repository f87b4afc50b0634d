import { describe, expect, it } from "vitest";
import { driftItemKey, fingerprintTimeline, firstSeen, itemsSince } from "./drift-since";
import type { DriftItem } from "./types";

const d = (day: number) => new Date(Date.UTC(2026, 10, day));
const extra = (name: string, version = "1.0"): DriftItem => ({ kind: "package-extra", subject: name, expected: null, actual: version, explain: `${name} extra` });
const edited: DriftItem = { kind: "config-changed", subject: "/etc/php/8.2/apache2/php.ini", expected: "aaa", actual: "bbb", explain: "php.ini edited" };

/** keysOf from a table of fingerprint → items. */
const table = (t: Record<string, DriftItem[]>) => (hash: string) => (t[hash] ? new Set(t[hash].map(driftItemKey)) : undefined);

describe("fingerprintTimeline", () => {
  it("skips rows without a fingerprint and collapses repeats, keeping the earliest time", () => {
    const rows = [
      { at: d(1), hash: null }, // enrolled
      { at: d(1), hash: "A" },
      { at: d(5), hash: "B" },
      { at: d(6), hash: null }, // rebuilt, report pending
      { at: d(7), hash: "B" }, // verified rebuild records the hash it already had
      { at: d(9), hash: "C" },
    ];
    expect(fingerprintTimeline(rows, { hash: "C", since: d(9) })).toEqual([
      { at: d(1), hash: "A" },
      { at: d(5), hash: "B" },
      { at: d(9), hash: "C" },
    ]);
  });

  it("closes the timeline with the current fingerprint when its row is missing", () => {
    expect(fingerprintTimeline([{ at: d(1), hash: "A" }], { hash: "B", since: d(3) })).toEqual([
      { at: d(1), hash: "A" },
      { at: d(3), hash: "B" },
    ]);
    expect(fingerprintTimeline([], { hash: "B", since: d(3) })).toEqual([{ at: d(3), hash: "B" }]);
  });

  it("is empty when the current content has no date at all", () => {
    expect(fingerprintTimeline([{ at: d(1), hash: "A" }], { hash: "B", since: null })).toEqual([]);
  });
});

describe("firstSeen", () => {
  it("dates an item from the oldest fingerprint of the unbroken run that carries it", () => {
    const timeline = [
      { at: d(1), hash: "A" },
      { at: d(3), hash: "B" },
      { at: d(8), hash: "C" },
    ];
    const keys = table({ A: [], B: [extra("htop")], C: [extra("htop"), edited] });
    expect(firstSeen(timeline, [extra("htop"), edited], keys)).toEqual([d(3), d(8)]);
  });

  it("dates a returning item from its return, not its first appearance", () => {
    const timeline = [
      { at: d(1), hash: "A" },
      { at: d(2), hash: "B" },
      { at: d(4), hash: "C" },
    ];
    const keys = table({ A: [extra("htop")], B: [], C: [extra("htop")] });
    expect(firstSeen(timeline, [extra("htop")], keys)).toEqual([d(4)]);
  });

  it("treats another wrong version as a new item", () => {
    const timeline = [
      { at: d(1), hash: "A" },
      { at: d(2), hash: "B" },
    ];
    const keys = table({ A: [extra("htop", "1.0")], B: [extra("htop", "2.0")] });
    expect(firstSeen(timeline, [extra("htop", "2.0")], keys)).toEqual([d(2)]);
  });

  it("reaches back to the first fingerprint when the item was always there", () => {
    const timeline = [
      { at: d(1), hash: "A" },
      { at: d(2), hash: "B" },
    ];
    expect(firstSeen(timeline, [edited], table({ A: [edited], B: [edited] }))).toEqual([d(1)]);
  });

  it("stops at fingerprints whose content is gone", () => {
    const timeline = [
      { at: d(1), hash: "gone" },
      { at: d(2), hash: "B" },
    ];
    expect(firstSeen(timeline, [edited], table({ B: [edited] }))).toEqual([d(2)]);
  });

  it("never looks up the current fingerprint, and stops looking once every item is dated", () => {
    const asked: string[] = [];
    const timeline = [
      { at: d(1), hash: "A" },
      { at: d(2), hash: "B" },
      { at: d(3), hash: "C" },
    ];
    firstSeen(timeline, [edited], (h) => {
      asked.push(h);
      return new Set(h === "B" ? [] : [driftItemKey(edited)]);
    });
    expect(asked).toEqual(["B"]);
  });

  it("gives null for every item on an empty timeline", () => {
    expect(firstSeen([], [edited, extra("x")], () => new Set())).toEqual([null, null]);
  });
});

describe("itemsSince", () => {
  const items = [
    { subject: "old", firstSeen: d(1).toISOString() },
    { subject: "edge", firstSeen: d(5).toISOString() },
    { subject: "new", firstSeen: d(9).toISOString() },
    { subject: "unknown", firstSeen: null },
  ];
  it("keeps items first seen at or after the date, and drops undated ones", () => {
    expect(itemsSince(items, d(5)).map((i) => i.subject)).toEqual(["edge", "new"]);
  });
  it("keeps everything without a date", () => {
    expect(itemsSince(items, null)).toHaveLength(4);
  });
});
