import { describe, expect, it } from "vitest";
import { PRIOR_MS_PER_FINGERPRINT, PUT_OFF_LIMIT, putOffRescore, rescoreDue } from "./rescore-due";

const at = new Date("2026-12-01T10:00:00Z");
const after = (ms: number) => new Date(at.getTime() + ms);

describe("rescoreDue", () => {
  it("is due at once for a fleet never rescored (or whose threshold changed: rescored_at cleared)", () => {
    expect(rescoreDue(null, at, 25_000)).toBe(true);
  });

  it("waits at least a second for a small fleet", () => {
    expect(rescoreDue(at, after(999), 10, 1)).toBe(false);
    expect(rescoreDue(at, after(1_000), 10, 1)).toBe(true);
  });

  it("spaces by 20 times the cost expected for the fleet's fingerprints now, not the last run's", () => {
    // 2 ms per fingerprint measured on 5,000; the fleet has 25,000 now: 50 s expected, 1,000 s apart.
    expect(rescoreDue(at, after(999_000), 25_000, 2)).toBe(false);
    expect(rescoreDue(at, after(1_000_000), 25_000, 2)).toBe(true);
  });

  it("uses the prior before a cost was measured (after a restart)", () => {
    const spacing = 20 * PRIOR_MS_PER_FINGERPRINT * 25_000;
    expect(rescoreDue(at, after(spacing - 1), 25_000)).toBe(false);
    expect(rescoreDue(at, after(spacing), 25_000)).toBe(true);
  });
});

describe("putOffRescore", () => {
  const spacing = 20 * 2 * 25_000; // 2 ms per fingerprint, 25,000 of them: 1,000 s

  it("puts a due rescore of a large fleet off while reports arrive, up to five spacings", () => {
    expect(putOffRescore(at, after(spacing), 25_000, true, 2)).toBe(true);
    expect(putOffRescore(at, after(PUT_OFF_LIMIT * spacing - 1), 25_000, true, 2)).toBe(true);
    expect(putOffRescore(at, after(PUT_OFF_LIMIT * spacing), 25_000, true, 2)).toBe(false);
  });

  it("never once reports stop, for a fleet never rescored, or for a cheap rescore", () => {
    expect(putOffRescore(at, after(spacing), 25_000, false, 2)).toBe(false);
    expect(putOffRescore(null, after(spacing), 25_000, true, 2)).toBe(false);
    // 40 fingerprints at the prior: 100 ms, the first cost put off; 39: scored at once.
    expect(putOffRescore(at, after(5_000), 39, true)).toBe(false);
    expect(putOffRescore(at, after(5_000), 40, true)).toBe(true);
  });
});
