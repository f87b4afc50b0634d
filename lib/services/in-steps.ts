import "server-only";
import { setImmediate } from "node:timers/promises";
import { ANALYSIS_STEPS, nextStepSize, type StepBounds } from "@/lib/core/step-size";

/**
 * Runs `step` over `items` a slice at a time, yielding to the event loop between slices, each slice sized so it
 * holds the thread for about `bounds.targetMs` (lib/core/step-size.ts). `first` is the size to start with.
 */
export async function inSteps<T>(items: readonly T[], step: (slice: T[]) => Promise<void>, first = 10, bounds: StepBounds = ANALYSIS_STEPS) {
  let size = first;
  for (let i = 0; i < items.length; ) {
    const slice = items.slice(i, i + size);
    const t0 = performance.now();
    await step(slice);
    i += slice.length;
    size = nextStepSize(size, performance.now() - t0, bounds);
    await setImmediate();
  }
}
