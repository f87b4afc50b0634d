// A map keyed by long strings (KiBs each) that does not hash the whole key. V8 hashes a string key a character at
// a time (~1.4 ns each) the first time it meets that string object, and the keys looked up here are fresh slices
// of a report every time (a run of items, a chunk of item keys: 5.6 µs a lookup of 4 KiB). Keys are found by their
// length and 24 of their characters, then compared whole with === (a memcmp: 0.12 µs for 4 KiB).

/** Keys met with one sample at most, newest first: a crafted body cannot make a lookup long (the oldest goes). */
const BUCKET_MAX = 8;

/** The length and 24 characters of `s`: 16 spread over it, 8 near its end. */
export function sampleOf(s: string): number {
  const n = s.length;
  let h = n;
  for (let k = 0; k < 16; k++) h = (Math.imul(h, 31) + s.charCodeAt(Math.floor((n * k) / 16))) | 0;
  for (let k = 1; k <= 8; k++) h = (Math.imul(h, 31) + s.charCodeAt(Math.max(0, n - k * 7))) | 0;
  return h;
}

export class SampledMap<V> {
  #buckets = new Map<number, [string, V][]>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    const bucket = this.#buckets.get(sampleOf(key));
    if (bucket) for (const [k, v] of bucket) if (k === key) return v;
    return undefined;
  }

  has(key: string): boolean {
    const bucket = this.#buckets.get(sampleOf(key));
    return bucket !== undefined && bucket.some(([k]) => k === key);
  }

  /** Keep `key` only as a string of its own (fingerprint-content.ts `detached`): a slice keeps its whole source alive. */
  set(key: string, value: V): this {
    const sample = sampleOf(key);
    const bucket = this.#buckets.get(sample);
    if (!bucket) {
      this.#buckets.set(sample, [[key, value]]);
      this.#size++;
      return this;
    }
    const at = bucket.findIndex(([k]) => k === key);
    if (at >= 0) bucket.splice(at, 1);
    else if (bucket.length >= BUCKET_MAX) bucket.pop();
    else this.#size++;
    bucket.unshift([key, value]);
    return this;
  }

  clear() {
    this.#buckets.clear();
    this.#size = 0;
  }
}
