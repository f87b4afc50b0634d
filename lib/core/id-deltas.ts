// Sorted item ids stored as differences (the first id, then each id minus the previous one): the references of
// a fingerprint become mostly 1s, which the database's TOAST compression shrinks about twenty-fold.

/** Sorts a copy of `ids` ascending and returns its differences. */
export function toDeltas(ids: readonly number[]): number[] {
  const sorted = [...ids].sort((a, b) => a - b);
  return sorted.map((id, i) => (i === 0 ? id : id - sorted[i - 1]));
}

/** The sorted ids back from their differences. */
export function fromDeltas(deltas: readonly number[]): number[] {
  const ids = new Array<number>(deltas.length);
  let sum = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = sum += deltas[i];
  return ids;
}
