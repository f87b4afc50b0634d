// Recurring work whose cost grows with a fleet (its analysis, its numbers) is spaced to ten times its cost, so
// it takes at most ~10 % of the one thread that also ingests; work cheaper than a threshold always runs.

export interface LastRun {
  /** performance.now() when it finished. */
  at: number;
  /** What it cost, in milliseconds. */
  ms: number;
}

/** Whether the work should wait instead of running again now. */
export function shouldWait(last: LastRun | undefined, now: number, cheapMs: number): boolean {
  return last !== undefined && last.ms >= cheapMs && now - last.at < 10 * last.ms;
}
