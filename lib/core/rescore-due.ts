// When a fleet's whole cohort is scored again (every fingerprint against the moved consensus; new fingerprints
// are scored at once either way). Spaced to 20 times its expected cost, so it takes at most ~5% of the thread it
// shares with ingest. Expected, not last: the cost grows with the fleet's fingerprints, and spacing by the last
// cost let a rescore of a 5,000-fingerprint fleet early in a herd schedule one of 25,000 (a minute of CPU) right
// at the herd's end, on top of the check-ins that follow it. Before a rescore was measured in this process (after
// a restart) a prior is used, so a restart does not rescore a large fleet at once.

/** Never more often than this, however small the fleet. */
export const RESCORE_MIN_MS = 1_000;
/** Wait this many times the expected cost between two. */
export const RESCORE_SPACING = 20;
/** Cost per fingerprint assumed before one was measured: ~2.3 ms on the 2-core machine of the bench (50,000 hosts). */
export const PRIOR_MS_PER_FINGERPRINT = 2.5;

const spacingMs = (fingerprints: number, msPerFingerprint: number) => Math.max(RESCORE_MIN_MS, RESCORE_SPACING * msPerFingerprint * fingerprints);

export function rescoreDue(lastAt: Date | null, now: Date, fingerprints: number, msPerFingerprint: number = PRIOR_MS_PER_FINGERPRINT): boolean {
  if (!lastAt) return true;
  return now.getTime() - lastAt.getTime() >= spacingMs(fingerprints, msPerFingerprint);
}

/**
 * A due rescore expected to cost at least this long may wait for a herd to end (putOffRescore). At 1 s, a herd's
 * fleet of a few thousand fingerprints (a few hundred ms each) was rescored whole every few seconds of the herd,
 * each time against a cohort that had moved again by the next: ~10% of the server's CPU in a 10,000-host herd.
 */
export const PUT_OFF_FROM_MS = 100;
/** ...but not past this many times its spacing since the last one. */
export const PUT_OFF_LIMIT = 5;

/**
 * Whether a due whole-cohort rescore waits while the fleet is busy (`busy`: reports still change it, or agents
 * are being answered). The cohort it scores against moves with each change, so a rescore in the middle of a herd
 * is redone after it (at 50,000 hosts one took 160 s of a worker tick in the middle of the herd, and another
 * followed it), and the check-ins after a herd would share the thread with it. A fleet never
 * rescored is scored at once, a cheap one too (reads of small fleets stay exact), and no rescore waits past
 * PUT_OFF_LIMIT times its spacing, so a fleet that never stops changing is still rescored.
 */
export function putOffRescore(lastAt: Date | null, now: Date, fingerprints: number, busy: boolean, msPerFingerprint: number = PRIOR_MS_PER_FINGERPRINT): boolean {
  if (!lastAt || !busy || msPerFingerprint * fingerprints < PUT_OFF_FROM_MS) return false;
  return now.getTime() - lastAt.getTime() < PUT_OFF_LIMIT * spacingMs(fingerprints, msPerFingerprint);
}
