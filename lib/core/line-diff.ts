// A line diff of two versions of a config file (Myers' O(ND) algorithm), as unified hunks with context, and a
// one-line summary of changed settings ("memory_limit = 128M → 512M") for drift lists. Bounded: files past
// MAX_LINES, or so different that more than MAX_EDITS lines change, are "too large to diff" rather than slow.

const MAX_LINES = 20_000;
const MAX_EDITS = 2_000;
const CONTEXT = 3;

export type LineOp = { op: " " | "-" | "+"; text: string };
export interface Hunk {
  /** 1-based first line of each side, and how many lines of it the hunk covers (unified diff header). */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: LineOp[];
}
export type LineDiff =
  | { kind: "same" }
  | { kind: "too-large"; reason: string }
  | { kind: "diff"; hunks: Hunk[]; added: number; removed: number };

/** Lines of a text file: a final newline ends the last line rather than starting an empty one; CRLF counts as LF. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The edit script from a to b (equal, delete, insert), or null when it needs more than maxEdits edits. */
function myers(a: string[], b: string[], maxEdits: number): LineOp[] | null {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  // v[k] (stored at k + off) is the furthest x reached on diagonal k; trace keeps a copy per step to walk back.
  const off = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return walkBack(a, b, trace, d);
    }
  }
  return null;
}

function walkBack(a: string[], b: string[], trace: Int32Array[], dEnd: number): LineOp[] {
  const out: LineOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d >= 0; d--) {
    const t = trace[d];
    const at = (k: number) => t[k + d + 1]; // trace[d] holds diagonals -d-1 … d+1
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: " ", text: a[--x] });
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: "+", text: b[--y] });
      else out.push({ op: "-", text: a[--x] });
    }
  }
  return out.reverse();
}

/** Groups an edit script into hunks with `context` unchanged lines around each change. */
function toHunks(ops: LineOp[], context = CONTEXT): Hunk[] {
  const hunks: Hunk[] = [];
  const changed = ops.map((o, i) => (o.op === " " ? -1 : i)).filter((i) => i >= 0);
  // Line numbers carried forward from hunk to hunk: counting from the top for each would be hunks × lines.
  let at = 0;
  let oldLine = 1;
  let newLine = 1;
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i] - context);
    let end = changed[i];
    // Changes closer than 2 × context share a hunk, as in diff -u.
    while (i + 1 < changed.length && changed[i + 1] - end <= 2 * context) end = changed[++i];
    end = Math.min(ops.length - 1, end + context);
    for (; at < start; at++) {
      if (ops[at].op !== "+") oldLine++;
      if (ops[at].op !== "-") newLine++;
    }
    const lines = ops.slice(start, end + 1);
    hunks.push({
      oldStart: oldLine,
      oldLines: lines.filter((l) => l.op !== "+").length,
      newStart: newLine,
      newLines: lines.filter((l) => l.op !== "-").length,
      lines,
    });
    i++;
  }
  return hunks;
}

/** The line diff from `before` to `after`. */
export function diffLines(before: string, after: string, opts: { maxLines?: number; maxEdits?: number; context?: number } = {}): LineDiff {
  if (before === after) return { kind: "same" };
  const a = splitLines(before);
  const b = splitLines(after);
  const maxLines = opts.maxLines ?? MAX_LINES;
  if (a.length > maxLines || b.length > maxLines) return { kind: "too-large", reason: `more than ${maxLines.toLocaleString("en")} lines` };
  // The common head and tail cost nothing to match; Myers runs on the middle only.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const maxEdits = opts.maxEdits ?? MAX_EDITS;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail), maxEdits);
  if (!middle) return { kind: "too-large", reason: `more than ${maxEdits.toLocaleString("en")} lines differ` };
  const ops: LineOp[] = [
    ...a.slice(0, head).map((text): LineOp => ({ op: " ", text })),
    ...middle,
    ...a.slice(a.length - tail).map((text): LineOp => ({ op: " ", text })),
  ];
  // Only line endings differ (CRLF against LF): no line changed.
  if (!ops.some((o) => o.op !== " ")) return { kind: "same" };
  return {
    kind: "diff",
    hunks: toHunks(ops, opts.context ?? CONTEXT),
    added: ops.filter((o) => o.op === "+").length,
    removed: ops.filter((o) => o.op === "-").length,
  };
}

/** A setting line: "key = value", "key: value" or "Directive value" (not a comment, section header or blank). */
export function parseSetting(line: string): { key: string; sep: string; value: string } | null {
  const s = line.trim();
  if (s === "" || /^[#;!]/.test(s) || s.startsWith("//") || /^\[.*\]$/.test(s)) return null;
  const m = /^([A-Za-z0-9_.@/$-]+(?:\[[^\]]*\])?)\s*([=:])\s*(.*)$/.exec(s) ?? /^([A-Za-z_][A-Za-z0-9_.-]*)(\s+)(.*)$/.exec(s);
  if (!m) return null;
  return { key: m[1], sep: m[2].trim() === "" ? " " : m[2] === "=" ? " = " : ": ", value: m[3].trim() };
}

/**
 * What changed, a phrase per setting: "memory_limit = 128M → 512M", "+ opcache.enable = 1", "− expose_php = On".
 * Lines that are not settings (comments, blocks) are counted: "3 other lines changed".
 */
export function summarizeDiff(diff: LineDiff, max = 3): string {
  if (diff.kind === "same") return "no line differs";
  if (diff.kind === "too-large") return `too large to diff (${diff.reason})`;
  const removed = new Map<string, { sep: string; value: string }>();
  const added = new Map<string, { sep: string; value: string }>();
  let other = 0;
  for (const h of diff.hunks) {
    for (const l of h.lines) {
      if (l.op === " ") continue;
      const s = parseSetting(l.text);
      if (!s) {
        if (l.text.trim() !== "") other++;
        continue;
      }
      (l.op === "-" ? removed : added).set(s.key, s);
    }
  }
  const phrases: string[] = [];
  for (const [key, now] of added) {
    const was = removed.get(key);
    if (was) {
      removed.delete(key);
      if (was.value !== now.value) phrases.push(`${key}${now.sep}${was.value} → ${now.value}`);
    } else phrases.push(`+ ${key}${now.sep}${now.value}`);
  }
  for (const [key, was] of removed) phrases.push(`− ${key}${was.sep}${was.value}`);
  const shown = phrases.slice(0, max);
  if (phrases.length > max) shown.push(`${phrases.length - max} more settings`);
  if (other > 0) shown.push(`${other} other ${other === 1 ? "line" : "lines"} changed`);
  return shown.length ? shown.join("; ") : "only blank lines changed";
}
