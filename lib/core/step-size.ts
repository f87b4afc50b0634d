// A long job on the thread that also answers requests (a fleet's rescore on PGlite, which runs in-process) works
// in steps and yields between them. A fixed step of 50 fingerprints held the thread for 50-100 ms, and check-ins
// queued behind it (p99 124 ms right after a herd). Steps are sized from what the last one cost instead.

export interface StepBounds {
  /** How long one step may hold the thread, in milliseconds. */
  targetMs: number;
  min: number;
  max: number;
}

export const ANALYSIS_STEPS: StepBounds = { targetMs: 8, min: 2, max: 200 };

/** The size of the next step, given the last step's size and what it took; grows at most twofold per step. */
export function nextStepSize(size: number, elapsedMs: number, b: StepBounds): number {
  const scaled = elapsedMs > 0 ? Math.floor((size * b.targetMs) / elapsedMs) : size * 2;
  return Math.max(b.min, Math.min(b.max, size * 2, scaled));
}
