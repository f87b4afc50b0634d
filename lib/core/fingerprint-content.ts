// A fingerprint as the store needs it: one key per package and per config entry (the item cache's keys), and the
// config contents it may be asked for. A parse thread computes these from the report it read and sends them as
// three strings, so the thread that serves requests (and, on PGlite, runs the database) neither parses the
// fingerprint's JSON again nor builds ~2,000 long keys: under a herd of first reports both cost it ~0.8 ms a body.
// Keys are reversible (a report's strings hold no control characters: report-fast-check.ts, parse-report.ts), so
// the few items the store has not seen, and the whole fingerprint when an alert needs it, come back from them.
import { isPrivatePath } from "./config-content";
import type { ConfigEntry, Fingerprint, Package } from "./types";

const SEP = "\0";
/** A config field that is absent (distinct from every value: values hold no control characters). */
const NONE = "\u0001";
/** Between keys in the strings a parse thread sends: no item field can hold it. */
const KEY_SEP = "\n";
/** Between chunks of keys (below) in those strings: no item field can hold it either. */
const CHUNK_SEP = "\u0002";

/**
 * Whether a chunk of keys ends after `key`. Decided by the key alone, so chunk bounds are content-defined: a
 * fingerprint one file away from another shares every chunk with it but the one holding that file, and the
 * store looks a shared chunk's ids up once (one string) instead of once per key (~2,000 a fingerprint). About
 * one key in 32 ends a chunk: ~1 KiB of package keys, ~3 KiB of config keys. Three characters of it, not a hash
 * of all of them: this runs in the parse thread for every key of every report.
 */
export function endsChunk(key: string): boolean {
  const n = key.length;
  return ((n * 7 + key.charCodeAt(n >> 1) * 3 + key.charCodeAt(n - 2)) & 31) === 0;
}

/**
 * Keys as one string of content-defined chunks: KEY_SEP between the keys of a chunk, CHUNK_SEP after a key that
 * ends one (`ends[i]`; endsChunk(keys[i]) when not given, for a reader that kept it per item).
 */
export function joinChunked(keys: readonly string[], ends?: ArrayLike<boolean>): string {
  if (keys.length === 0) return "";
  const parts = new Array<string>(keys.length * 2 - 1);
  for (let i = 0; i < keys.length; i++) {
    parts[2 * i] = keys[i];
    if (i < keys.length - 1) parts[2 * i + 1] = (ends ? ends[i] : endsChunk(keys[i])) ? CHUNK_SEP : KEY_SEP;
  }
  return parts.join("");
}

/** What joinChunked puts after a key: whether it ends a chunk. */
export const keySeparator = (ends: boolean) => (ends ? CHUNK_SEP : KEY_SEP);

/** Keys in chunks, each chunk its keys joined by KEY_SEP (what the store looks up). */
function chunkKeys(keys: readonly string[]): string[] {
  return chunksOf(joinChunked(keys));
}

export const packageItemKey = (p: Package) => `${p.manager}${SEP}${p.name}${SEP}${p.arch}${SEP}${p.version}`;
export const configItemKey = (c: ConfigEntry) =>
  `${c.path}${SEP}${c.type}${SEP}${c.sha256 ?? NONE}${SEP}${c.target ?? NONE}${SEP}${c.package ?? NONE}${SEP}${c.modified === undefined ? NONE : c.modified}`;

export function packageFromKey(key: string): Package {
  const [manager, name, arch, version] = key.split(SEP);
  return { manager: manager as Package["manager"], name, version, arch };
}

export function configFromKey(key: string): ConfigEntry {
  const [path, type, sha256, target, pkg, modified] = key.split(SEP);
  const c: ConfigEntry = { path, type: type as ConfigEntry["type"], sha256: sha256 === NONE ? null : sha256 };
  if (target !== NONE) c.target = target;
  if (pkg !== NONE) c.package = pkg;
  if (modified !== NONE) c.modified = modified === "true";
  return c;
}

/** Where a config entry comes in askableHashes: 0 hand-edited, 1 no package owns it, 2 packaged; -1 not askable. */
export function askRank(c: ConfigEntry): number {
  if (c.type !== "file" || !c.sha256 || isPrivatePath(c.path)) return -1;
  return c.modified === true ? 0 : c.package ? 2 : 1;
}

/**
 * The content hashes a fingerprint may be asked for: regular, readable files outside the deny list. Files edited
 * by hand come first, then files no package owns (site config), then pristine packaged files: the first are the
 * ones drift is about, and an answer lists only a few.
 */
export function askableHashes(configs: readonly ConfigEntry[]): string[] {
  const byRank: string[][] = [[], [], []];
  for (const c of configs) {
    const rank = askRank(c);
    if (rank >= 0) byRank[rank].push(c.sha256!);
  }
  return askableOf(byRank);
}

/** The askable hashes from lists of them by askRank (0, 1, 2), each in canonical order: once each, rank by rank. */
export const askableOf = (byRank: readonly (readonly string[])[]): string[] => [...new Set(byRank.flat())];

/** What a parse thread sends for a fingerprint: plain strings, the cheapest thing to pass between threads. */
export interface PackedContent {
  os: Fingerprint["os"];
  /** Package keys in canonical order, in content-defined chunks (endsChunk). */
  packageKeys: string;
  /** Config keys likewise. */
  configKeys: string;
  /** askableHashes, one per line. */
  askable: string;
}

/** Keys joined by KEY_SEP (one chunk of FingerprintContent.packageChunks or configChunks, or the askable list) back into keys. */
export const splitKeys = (s: string) => (s === "" ? [] : s.split(KEY_SEP));
const chunksOf = (s: string) => (s === "" ? [] : s.split(CHUNK_SEP));

/**
 * `s` as a string of its own. V8 cuts a long string's parts (split, slice, JSON.parse's values) as views that keep
 * the whole string alive: a content hash kept from a fingerprint's askable list kept its ~60 KiB list, and the
 * memory of what a herd's 5,000 fingerprints still owe grew the server by ~300 MiB. Whatever a process remembers
 * for long from a report goes through here.
 */
export const detached = (s: string): string => (s + " ").slice(0, -1);

/**
 * One fingerprint's content, from the object (an import, an image) or from a parse thread's strings; each view is
 * computed once, when first asked for: a fingerprint the store already has is never split into keys, and a fleet
 * that does not collect content never splits its askable hashes.
 */
export class FingerprintContent {
  #fingerprint: Fingerprint | null = null;
  #packed: PackedContent | null = null;
  #packageKeys: string[] | null = null;
  #configKeys: string[] | null = null;
  #packageChunks: string[] | null = null;
  #configChunks: string[] | null = null;
  #askable: string[] | null = null;

  private constructor(readonly os: Fingerprint["os"]) {}

  static of(fp: Fingerprint): FingerprintContent {
    const c = new FingerprintContent(fp.os);
    c.#fingerprint = fp;
    return c;
  }

  static unpack(p: PackedContent): FingerprintContent {
    const c = new FingerprintContent(p.os);
    c.#packed = p;
    return c;
  }

  /** In the parse thread: the strings to send. */
  static pack(fp: Fingerprint): PackedContent {
    return FingerprintContent.packKeys(fp.os, joinChunked(fp.packages.map(packageItemKey)), joinChunked(fp.configs.map(configItemKey)), askableHashes(fp.configs));
  }

  /** pack, from keys already joined by joinChunked (lib/core/agent-layout.ts joins them from pieces it kept). */
  static packKeys(os: Fingerprint["os"], packageKeys: string, configKeys: string, askable: readonly string[]): PackedContent {
    return { os, packageKeys, configKeys, askable: askable.join(KEY_SEP) };
  }

  /** Package keys in content-defined chunks, each its keys joined by "\n" (views into one string: detach what is kept). */
  get packageChunks(): string[] {
    return (this.#packageChunks ??= this.#packed ? chunksOf(this.#packed.packageKeys) : chunkKeys(this.#fingerprint!.packages.map(packageItemKey)));
  }

  get configChunks(): string[] {
    return (this.#configChunks ??= this.#packed ? chunksOf(this.#packed.configKeys) : chunkKeys(this.#fingerprint!.configs.map(configItemKey)));
  }

  get packageKeys(): string[] {
    return (this.#packageKeys ??= this.packageChunks.flatMap(splitKeys));
  }

  get configKeys(): string[] {
    return (this.#configKeys ??= this.configChunks.flatMap(splitKeys));
  }

  get askable(): string[] {
    return (this.#askable ??= this.#packed ? splitKeys(this.#packed.askable) : askableHashes(this.fingerprint.configs));
  }

  get fingerprint(): Fingerprint {
    return (this.#fingerprint ??= { os: this.os, packages: this.packageKeys.map(packageFromKey), configs: this.configKeys.map(configFromKey) });
  }
}
