import "server-only";
import { setImmediate, setTimeout } from "node:timers/promises";
import { ANALYSIS_STEPS, nextStepSize, type StepBounds } from "@/lib/core/step-size";
import { agentsBusy } from "@/lib/server/ingest-gate";

/**
 * Runs `step` over `items` a slice at a time, yielding to the event loop between slices, each slice sized so it
 * holds the thread for about `bounds.targetMs` (lib/core/step-size.ts). `first` is the size to start with.
 * `pauseWhen` (by default: while agents are being answered), each slice is followed by a pause as long as it took,
 * so this background work (the worker's analysis) takes at most half the thread. Yielding alone gives it a slice
 * per turn of the event loop: 16 clients' check-ins then waited ~8 ms each turn, and ran at 1,266-1,892 /s while
 * a fleet's analysis ran beside them.
 */
export async function inSteps<T>(items: readonly T[], step: (slice: T[]) => Promise<void>, first = 10, bounds: StepBounds = ANALYSIS_STEPS, pauseWhen: () => boolean = agentsBusy) {
  let size = first;
  for (let i = 0; i < items.length; ) {
    const slice = items.slice(i, i + size);
    const t0 = performance.now();
    await step(slice);
    i += slice.length;
    const ms = performance.now() - t0;
    size = nextStepSize(size, ms, bounds);
    if (pauseWhen?.()) await setTimeout(Math.ceil(ms));
    else await setImmediate();
  }
}
