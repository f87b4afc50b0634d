// Version order per package manager, so drift can say whether a host is behind or ahead of its spec. dpkg's
// algorithm is version-compare.ts; rpm's is rpmvercmp over epoch, version and release (rpm/rpmio/rpmvercmp.c);
// apk's follows apk-tools (digits, letter, _suffixes, -rN revision). Each returns <0, 0, >0 like a comparator.
import type { PackageManager } from "./types";
import { compareVersions as compareDpkg } from "./version-compare";

const isDigit = (c: string) => c >= "0" && c <= "9";
const isAlpha = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");

/** rpmvercmp: segments of digits or letters; "~" sorts before anything, "^" after the base version. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const sep = (s: string, k: number) => k < s.length && !isDigit(s[k]) && !isAlpha(s[k]) && s[k] !== "~" && s[k] !== "^";
  while (i < a.length || j < b.length) {
    while (sep(a, i)) i++;
    while (sep(b, j)) j++;
    if (a[i] === "~" || b[j] === "~") {
      if (a[i] !== "~") return 1;
      if (b[j] !== "~") return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === "^" || b[j] === "^") {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== "^") return 1;
      if (b[j] !== "^") return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    const numeric = isDigit(a[i]);
    const take = (s: string, k: number) => {
      let e = k;
      while (e < s.length && (numeric ? isDigit(s[e]) : isAlpha(s[e]))) e++;
      return e;
    };
    const ei = take(a, i);
    const ej = take(b, j);
    if (ej === j) return numeric ? 1 : -1; // a number is newer than letters
    let x = a.slice(i, ei);
    let y = b.slice(j, ej);
    if (numeric) {
      x = x.replace(/^0+/, "");
      y = y.replace(/^0+/, "");
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
    }
    if (x !== y) return x < y ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

function splitEvr(v: string): { epoch: number; version: string; release: string } {
  const colon = v.indexOf(":");
  const hasEpoch = colon > 0 && /^\d+$/.test(v.slice(0, colon));
  const rest = hasEpoch ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf("-");
  return { epoch: hasEpoch ? Number(v.slice(0, colon)) : 0, version: dash > 0 ? rest.slice(0, dash) : rest, release: dash > 0 ? rest.slice(dash + 1) : "" };
}

export function compareRpm(a: string, b: string): number {
  const x = splitEvr(a);
  const y = splitEvr(b);
  if (x.epoch !== y.epoch) return Math.sign(x.epoch - y.epoch);
  return rpmvercmp(x.version, y.version) || rpmvercmp(x.release, y.release);
}

// apk-tools: pre-release suffixes sort before the plain version, post-release ones after it.
const APK_SUFFIX: Record<string, number> = { alpha: -4, beta: -3, pre: -2, rc: -1, cvs: 1, svn: 2, git: 3, hg: 4, p: 5 };
const APK = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~[0-9a-f]+)?(?:-r(\d+))?$/;

function parseApk(v: string) {
  const m = APK.exec(v);
  if (!m) return null;
  const suffixes = [...m[3].matchAll(/_([a-z]+)(\d*)/g)].map((s) => [APK_SUFFIX[s[1]], Number(s[2] || 0)] as const);
  return { nums: m[1].split(".").map(Number), letter: m[2], suffixes, rev: Number(m[4] ?? 0) };
}

export function compareApk(a: string, b: string): number {
  const x = parseApk(a);
  const y = parseApk(b);
  if (!x || !y) return compareDpkg(a, b); // not apk's grammar: the closest order we have
  for (let k = 0; k < Math.max(x.nums.length, y.nums.length); k++) {
    if (k >= x.nums.length) return -1; // 1.2 < 1.2.1
    if (k >= y.nums.length) return 1;
    if (x.nums[k] !== y.nums[k]) return Math.sign(x.nums[k] - y.nums[k]);
  }
  if (x.letter !== y.letter) return x.letter < y.letter ? -1 : 1;
  for (let k = 0; k < Math.max(x.suffixes.length, y.suffixes.length); k++) {
    const [sx, nx] = x.suffixes[k] ?? [0, 0];
    const [sy, ny] = y.suffixes[k] ?? [0, 0];
    if (sx !== sy) return Math.sign(sx - sy);
    if (nx !== ny) return Math.sign(nx - ny);
  }
  return Math.sign(x.rev - y.rev);
}

/** <0 when `a` is older than `b` for this package manager, >0 when newer, 0 when equal in its order. */
export function compareVersionsOf(manager: PackageManager, a: string, b: string): number {
  if (manager === "rpm") return compareRpm(a, b);
  if (manager === "apk") return compareApk(a, b);
  return compareDpkg(a, b);
}
