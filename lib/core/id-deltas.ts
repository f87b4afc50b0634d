// Sorted item ids stored as differences (the first id, then each id minus the previous one): the references of
// a fingerprint become mostly 1s, which the database's TOAST compression shrinks about twenty-fold.

/** Sorts a copy of `ids` ascending and returns its differences. */
export function toDeltas(ids: ArrayLike<number>): number[] {
  // A typed array sorts numerically without a comparator call per step (ids are serial: below 2^31).
  const sorted = Int32Array.from(ids).sort();
  const out = new Array<number>(sorted.length);
  for (let i = 0; i < sorted.length; i++) out[i] = i === 0 ? sorted[0] : sorted[i] - sorted[i - 1];
  return out;
}

/** The sorted ids back from their differences. */
export function fromDeltas(deltas: readonly number[]): number[] {
  const ids = new Array<number>(deltas.length);
  let sum = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = sum += deltas[i];
  return ids;
}
