import "server-only";
// When this process last recorded a fingerprint change. The worker spaces a large fleet's analysis refreshes
// while changes keep coming (a herd), and catches up as soon as they stop: spacing that outlives the herd only
// leaves the analysis (and every page that waits for it) behind.
const g = globalThis as unknown as { __fleetprintLastChange?: { at: number } };
const last = (g.__fleetprintLastChange ??= { at: -Infinity });

/** Called after changes are written: one assignment, on the ingest path. */
export function noteChange() {
  last.at = performance.now();
}

/** No change recorded by this process for `ms` (another instance's changes are not seen: it spaces by cost only). */
export function changesQuietFor(ms: number, now = performance.now()): boolean {
  return now - last.at >= ms;
}
