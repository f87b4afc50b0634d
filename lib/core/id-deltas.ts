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

/** Whether two ascending id lists are the same. */
export function sameIds(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The ids `has` holds and `had` does not (added) and the other way round (removed), both ascending lists; null once
 * more than `limit` differ (the caller then reads the whole list).
 */
export function diffIds(has: ArrayLike<number>, had: ArrayLike<number>, limit: number): { added: number[]; removed: number[] } | null {
  const added: number[] = [];
  const removed: number[] = [];
  let i = 0;
  let j = 0;
  while (i < has.length || j < had.length) {
    const a = i < has.length ? has[i] : Infinity;
    const b = j < had.length ? had[j] : Infinity;
    if (a === b) {
      i++;
      j++;
      continue;
    }
    if (a < b) {
      added.push(a);
      i++;
    } else {
      removed.push(b);
      j++;
    }
    if (added.length + removed.length > limit) return null;
  }
  return { added, removed };
}
