// Small order statistics for fleet metrics. Inputs are left untouched; empty input gives null.

function sortedFinite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/**
 * p-th percentile (p in [0, 100]) with linear interpolation between closest ranks (the method of
 * numpy's default and Excel's PERCENTILE.INC): p90 of 1..10 is 9.1.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100, got ${p}`);
  const xs = sortedFinite(values);
  if (xs.length === 0) return null;
  const rank = (p / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number | null {
  const xs = sortedFinite(values);
  return xs.length === 0 ? null : xs.reduce((s, v) => s + v, 0) / xs.length;
}
