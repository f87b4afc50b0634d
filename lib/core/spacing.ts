// Recurring work whose cost grows with a fleet (its analysis, its numbers) is spaced to ten times its cost, so
// it takes at most ~10 % of the one thread that also ingests; work cheaper than a threshold always runs.

export interface LastRun {
  /** performance.now() when it finished. */
  at: number;
  /** What it cost, in milliseconds. */
  ms: number;
}

/**
 * Whether the work should wait instead of running again now; never longer than `maxWaitMs` (work whose cost grows
 * with what piled up while it waited would otherwise wait longer each time).
 */
export function shouldWait(last: LastRun | undefined, now: number, cheapMs: number, maxWaitMs = Infinity): boolean {
  return last !== undefined && last.ms >= cheapMs && now - last.at < Math.min(10 * last.ms, maxWaitMs);
}
