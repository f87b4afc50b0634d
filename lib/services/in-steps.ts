import "server-only";
import { setImmediate, setTimeout } from "node:timers/promises";
import { ANALYSIS_STEPS, nextStepSize, type StepBounds } from "@/lib/core/step-size";

/**
 * Runs `step` over `items` a slice at a time, yielding to the event loop between slices, each slice sized so it
 * holds the thread for about `bounds.targetMs` (lib/core/step-size.ts), starting at `first` items.
 * `pauseWhen`: while it says so (agents are being answered), each slice is followed by a pause three times as long
 * as it took, so background work takes at most a quarter of the thread. Yielding alone gives it a slice per turn of
 * the event loop: 16 clients' check-ins then waited ~8 ms each turn and ran at ~1,600/s during a 50,000-host
 * fleet's rescore; with half the thread, the rescore after a 50,000-host herd (~40 s of CPU) held the check-ins
 * beside it to ~1,460/s. It still ends: a quarter of the thread while agents talk, all of it when they stop.
 */
const PAUSE_PER_MS = 3;
export async function inSteps<T>(
  items: readonly T[],
  step: (slice: T[]) => Promise<void>,
  { first = 10, bounds = ANALYSIS_STEPS, pauseWhen }: { first?: number; bounds?: StepBounds; pauseWhen?: () => boolean } = {},
) {
  let size = first;
  for (let i = 0; i < items.length; ) {
    const slice = items.slice(i, i + size);
    const t0 = performance.now();
    await step(slice);
    i += slice.length;
    const ms = performance.now() - t0;
    size = nextStepSize(size, ms, bounds);
    if (pauseWhen?.()) await setTimeout(Math.ceil(ms * PAUSE_PER_MS));
    else await setImmediate();
  }
}
