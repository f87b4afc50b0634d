// A report body read in runs of items, as the agent lays it out: its per-host fields on the first line, then
// `"os":{…},"packages":[{…},{…},…],"configs":[{…},…]}`, each item a flat object, packages and configs in canonical
// order. The hosts of a fleet send the same items over and over (a herd's 5,000 new fingerprints differ from each
// other by a file or a version), so the body's items are cut into content-defined runs (a run ends after an item
// chosen by its text alone, ~1 in 32) and each run's text is looked up in a memory of the runs read before, which
// holds what the long way computes for it (items checked and normalised, their canonical JSON, keys and askable
// hashes, joined). Only a run never seen is parsed, item by item. The canonical text is then the runs' texts
// joined: no JSON.parse of the body, no object per item, no sort (the long way costs ~4× JSON.parse + sha256).
//
// Equal to the long way by construction (a unit test holds it on many bodies): every piece this reader accepts is
// a whole JSON value, checked by the same rules, joined by the grammar's own separators, so the body is valid JSON
// and parses to exactly those values; items must come strictly in canonical order (so none is dropped as a
// duplicate, nor moved by the sort). Anything else (another layout, an item holding "}" in a string, a nested
// value, an item the fast check refuses, collector errors) gives null, and the caller reads the body the long way,
// which decides and words any error.
import { isVolatilePath, normalizeConfig, normalizeOs, normalizePackage } from "./canonical";
import { askableOf, askRank, configItemKey, detached, endsChunk, FingerprintContent, joinChunked, keySeparator, packageItemKey, type PackedContent } from "./fingerprint-content";
import { REPORT_LIMITS } from "./parse-report";
import { validConfig, validOs, validPackage } from "./report-fast-check";
import { SampledMap } from "./sampled-map";
import { sha256OfParts } from "./text-hash";
import type { ConfigEntry, Package } from "./types";

/** One item as the long way sees it. */
interface Item {
  /** Its canonical JSON (JSON.stringify of the normalised item). */
  text: string;
  /** Its item key (fingerprint-content.ts). */
  key: string;
  /** Where it sorts: packages by their key (manager, name, arch, version), configs by normalised path. */
  order: string;
  /** Dropped from the fingerprint (a volatile path). */
  volatile: boolean;
  rank: number;
  sha256: string | null;
}

/** What a run of items gives, kept per run text. */
interface Run {
  /** Where its first and last items sort (it is in strictly increasing order itself). */
  first: string;
  last: string;
  /** Its kept items' canonical JSON joined by ","; their keys as joinChunked joins them ("" and null when none kept). */
  text: string;
  keys: string;
  lastEnds: boolean | null;
  /** Its askable hashes by rank (askRank 0, 1, 2), in order. */
  askable: [string[], string[], string[]];
}

const OPEN = 123; // {
const CLOSE = 125; // }
const CLOSE_ARRAY = 93; // ]
const COMMA = 44;
/** Items in a run at most (a run's end is content-defined, so this only bounds a run of unlucky items). */
const RUN_MAX = 256;

/** Past JSON whitespace from `p`. */
function skipWs(s: string, p: number): number {
  for (;;) {
    const c = s.charCodeAt(p);
    if (c === 32 || c === 10 || c === 13 || c === 9) p++;
    else return p;
  }
}

/** `{…}` parsed, or null when it is not one whole JSON object. */
function flatObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function packageItem(text: string): Item | null {
  const raw = flatObject(text);
  if (!raw || !validPackage(raw)) return null;
  const p = normalizePackage(raw as unknown as Package);
  const key = packageItemKey(p);
  return { text: JSON.stringify(p), key, order: key, volatile: false, rank: -1, sha256: null };
}

function configItem(text: string): Item | null {
  const raw = flatObject(text);
  if (!raw || !validConfig(raw)) return null;
  const c = normalizeConfig(raw as unknown as ConfigEntry);
  return { text: JSON.stringify(c), key: configItemKey(c), order: c.path, volatile: isVolatilePath(c.path), rank: askRank(c), sha256: c.sha256 };
}

/** Whether a run ends after the item text[start..end] (its closing brace): a few of its characters decide. */
export function endsRun(text: string, start: number, end: number): boolean {
  const n = end - start;
  return ((n * 7 + text.charCodeAt(start + (n >> 1)) * 3 + text.charCodeAt(end - 2)) & 31) === 0;
}

/** A run from its items' texts, or null when one of them is not a valid item or they are not in strictly increasing order. */
function makeRun(texts: string[], item: (text: string) => Item | null): Run | null {
  const items: Item[] = [];
  for (const t of texts) {
    const it = item(t);
    if (!it || (items.length && !(items[items.length - 1].order < it.order))) return null;
    items.push(it);
  }
  const kept = items.filter((i) => !i.volatile);
  const askable: Run["askable"] = [[], [], []];
  for (const i of kept) if (i.rank >= 0) askable[i.rank].push(i.sha256!);
  const keys = kept.map((i) => i.key);
  return {
    first: items[0].order,
    last: items[items.length - 1].order,
    text: kept.map((i) => i.text).join(","),
    keys: joinChunked(keys),
    lastEnds: kept.length ? endsChunk(keys[keys.length - 1]) : null,
    askable,
  };
}

/** Runs by their text, in two generations: the runs a fleet shares stay, those of one host come and go. */
class RunMemory {
  #now = new SampledMap<Run>();
  #before = new SampledMap<Run>();
  constructor(
    private readonly limit: number,
    private readonly item: (text: string) => Item | null,
  ) {}

  /** The run text[from..to] (`starts`, `ends`: where its items start and end), from memory or made. */
  get(text: string, from: number, to: number, starts: number[], ends: number[]): Run | null {
    const piece = text.slice(from, to + 1);
    const hit = this.#now.get(piece);
    if (hit) return hit;
    const run = this.#before.get(piece) ?? makeRun(starts.map((s, i) => text.slice(s, ends[i] + 1)), this.item);
    if (!run) return null;
    if (this.#now.size >= this.limit) {
      this.#before = this.#now;
      this.#now = new SampledMap();
    }
    // Detached: a slice is a view into the whole body (fingerprint-content.ts), which must not stay alive.
    this.#now.set(detached(piece), run);
    return run;
  }

  get size() {
    return this.#now.size + this.#before.size;
  }
}

export interface LayoutRead {
  hash: string;
  packed: PackedContent;
}

/** Runs per kind per generation (~10 KiB each): a fleet's shared runs (~60) many times over. */
const MEMORY_LIMIT = 500;

export class AgentLayoutReader {
  readonly #packages: RunMemory;
  readonly #configs: RunMemory;

  constructor(limit = MEMORY_LIMIT) {
    this.#packages = new RunMemory(limit, packageItem);
    this.#configs = new RunMemory(limit, configItem);
  }

  /** Runs remembered (both kinds, both generations). */
  get remembered() {
    return this.#packages.size + this.#configs.size;
  }

  /**
   * The fingerprint of a body's content part (`text` from `start`, just after the first line's newline), or null
   * when it is not laid out and ordered as above. The caller has checked the first line (per-host fields only).
   */
  read(text: string, start: number): LayoutRead | null {
    let p = skipWs(text, start);
    if (!text.startsWith('"os":', p)) return null;
    p = skipWs(text, p + 5);
    const osEnd = text.indexOf("}", p);
    if (text.charCodeAt(p) !== OPEN || osEnd < 0) return null;
    const rawOs = flatObject(text.slice(p, osEnd + 1));
    if (!rawOs || !validOs(rawOs)) return null;
    p = this.#member(text, osEnd + 1, '"packages":');
    const packages = p < 0 ? null : this.#runs(text, p, this.#packages, REPORT_LIMITS.packages);
    if (!packages) return null;
    p = this.#member(text, packages.end, '"configs":');
    const configs = p < 0 ? null : this.#runs(text, p, this.#configs, REPORT_LIMITS.configs);
    if (!configs) return null;
    p = skipWs(text, configs.end);
    if (text.charCodeAt(p) !== CLOSE || skipWs(text, p + 1) !== text.length) return null;

    const os = normalizeOs(rawOs as never);
    const hash = sha256OfParts(canonicalParts(configs.runs, JSON.stringify(os), packages.runs));
    const askable = askableOf([0, 1, 2].map((rank) => configs.runs.flatMap((r) => r.askable[rank])));
    return { hash, packed: FingerprintContent.packKeys(os, keysOf(packages.runs), keysOf(configs.runs), askable) };
  }

  /** After the value ending at `p`: `,` then the member name `name`, then `[`; the index after `[`, or -1. */
  #member(text: string, p: number, name: string): number {
    p = skipWs(text, p);
    if (text.charCodeAt(p) !== COMMA) return -1;
    p = skipWs(text, p + 1);
    if (!text.startsWith(name, p)) return -1;
    p = skipWs(text, p + name.length);
    return text.charCodeAt(p) === 91 ? p + 1 : -1;
  }

  /**
   * The runs of an array whose `[` is just before `p`, up to its `]`, in strictly increasing order across runs;
   * null at anything else. An item is taken to end at its first "}": a "}" inside a string gives a piece that is
   * not a whole object, and the body goes the long way.
   */
  #runs(text: string, p: number, memory: RunMemory, max: number): { runs: Run[]; end: number } | null {
    const runs: Run[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let items = 0;
    const close = (): boolean => {
      const run = memory.get(text, starts[0], ends[ends.length - 1], starts, ends);
      if (!run || (runs.length && !(runs[runs.length - 1].last < run.first))) return false;
      runs.push(run);
      starts.length = ends.length = 0;
      return true;
    };
    p = skipWs(text, p);
    if (text.charCodeAt(p) === CLOSE_ARRAY) return { runs, end: p + 1 };
    for (;;) {
      const end = text.indexOf("}", p);
      if (text.charCodeAt(p) !== OPEN || end < 0 || ++items > max) return null;
      starts.push(p);
      ends.push(end);
      p = skipWs(text, end + 1);
      const c = text.charCodeAt(p);
      if (c === CLOSE_ARRAY) return close() ? { runs, end: p + 1 } : null;
      if (c !== COMMA) return null;
      if ((endsRun(text, starts[starts.length - 1], end) || starts.length === RUN_MAX) && !close()) return null;
      p = skipWs(text, p + 1);
    }
  }
}

/** The canonical text (JSON.stringify of {configs, os, packages}: identify() in canonical.ts) in pieces: the runs' texts. */
function* canonicalParts(configs: Run[], os: string, packages: Run[]): Generator<string> {
  for (const [open, runs] of [['{"configs":[', configs], [`],"os":${os},"packages":[`, packages]] as const) {
    yield open;
    let first = true;
    for (const r of runs) {
      if (r.text === "") continue;
      if (!first) yield ",";
      yield r.text;
      first = false;
    }
  }
  yield "]}";
}

/** The runs' keys joined as joinChunked joins a fingerprint's keys (runs with no kept item add nothing). */
function keysOf(runs: Run[]): string {
  const parts: string[] = [];
  let after: boolean | null = null;
  for (const r of runs) {
    if (r.lastEnds === null) continue;
    if (after !== null) parts.push(keySeparator(after));
    parts.push(r.keys);
    after = r.lastEnds;
  }
  return parts.join("");
}
