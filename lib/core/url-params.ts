// A page's sections (hosts table, drift table) each keep their state in one shared query string: each writes its
// own keys and leaves the others' alone, and writes only what differs from its defaults so plain URLs stay plain.

/**
 * `others` with `values` written over it: each key of `values` is removed, then set again when its value is a
 * non-empty string (null, false and "" mean "the default": the key stays out of the URL).
 */
export function withParams(others: string | URLSearchParams, values: Record<string, string | null | false>): URLSearchParams {
  const p = new URLSearchParams(others);
  for (const [k, v] of Object.entries(values)) {
    p.delete(k);
    if (v) p.set(k, v);
  }
  return p;
}

/** The sort and its direction go into the URL together, and only when either differs from the default order. */
export function sortParams<S extends string>(sort: S, dir: string, defaultSort: S, defaultDir: (s: S) => string): { sort: S | null; dir: string | null } {
  return sort !== defaultSort || dir !== defaultDir(sort) ? { sort, dir } : { sort: null, dir: null };
}
