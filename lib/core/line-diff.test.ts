import { describe, expect, it } from "vitest";
import { diffLines, parseSetting, splitLines, summarizeDiff, type LineDiff } from "./line-diff";

const lines = (n: number, f = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join("\n") + "\n";

/** Applies a diff's hunks to the old text's lines: must give the new text's lines. */
function apply(before: string, d: LineDiff): string[] {
  if (d.kind !== "diff") throw new Error(d.kind);
  const a = splitLines(before);
  const out: string[] = [];
  let at = 0;
  for (const h of d.hunks) {
    while (at < h.oldStart - 1) out.push(a[at++]);
    for (const l of h.lines) {
      if (l.op === "+") out.push(l.text);
      else {
        expect(a[at]).toBe(l.text);
        at++;
        if (l.op === " ") out.push(l.text);
      }
    }
  }
  while (at < a.length) out.push(a[at++]);
  return out;
}

describe("diffLines", () => {
  it("finds one changed line with three lines of context", () => {
    const before = lines(10);
    const after = before.replace("line 5\n", "line five\n");
    const d = diffLines(before, after);
    expect(d.kind).toBe("diff");
    if (d.kind !== "diff") return;
    expect(d.added).toBe(1);
    expect(d.removed).toBe(1);
    expect(d.hunks).toHaveLength(1);
    expect(d.hunks[0]).toMatchObject({ oldStart: 2, oldLines: 7, newStart: 2, newLines: 7 });
    expect(d.hunks[0].lines.map((l) => l.op).join("")).toBe("   -+   ");
  });

  it("makes separate hunks for changes far apart and the hunks rebuild the new text", () => {
    const before = lines(2000);
    const after = before.replace("line 10\n", "line 10 edited\n").replace("line 1990\n", "").replace("line 1000\n", "line 1000\ninserted\n");
    const d = diffLines(before, after);
    if (d.kind !== "diff") throw new Error(d.kind);
    expect(d.hunks).toHaveLength(3);
    expect(d.hunks[2]).toMatchObject({ oldStart: 1987, newStart: 1988 });
    expect(apply(before, d)).toEqual(splitLines(after));
  });

  it("handles additions to an empty file, deletions to nothing, and random edits", () => {
    expect(apply("", diffLines("", "a\nb\n"))).toEqual(["a", "b"]);
    expect(apply("a\nb\n", diffLines("a\nb\n", ""))).toEqual([]);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 30; round++) {
      const a = Array.from({ length: 40 }, () => String(Math.floor(rnd() * 6)));
      const b = a.filter(() => rnd() > 0.2).flatMap((x) => (rnd() > 0.8 ? [x, "new"] : [x]));
      const before = a.join("\n") + "\n";
      const after = b.join("\n") + "\n";
      const d = diffLines(before, after);
      if (d.kind === "same") expect(before).toBe(after);
      else expect(apply(before, d)).toEqual(b);
    }
  });

  it("says same for equal text and for line endings alone", () => {
    expect(diffLines("a\n", "a\n")).toEqual({ kind: "same" });
    expect(diffLines("a\r\nb\r\n", "a\nb\n")).toEqual({ kind: "same" });
  });

  it("refuses files too long or too different, with the reason", () => {
    expect(diffLines(lines(30), lines(31), { maxLines: 30 })).toEqual({ kind: "too-large", reason: "more than 30 lines" });
    const d = diffLines(lines(100), lines(100, (i) => `other ${i}`), { maxEdits: 50 });
    expect(d).toEqual({ kind: "too-large", reason: "more than 50 lines differ" });
    expect(summarizeDiff(d)).toBe("too large to diff (more than 50 lines differ)");
  });
});

describe("summarizeDiff", () => {
  const php = "[PHP]\nengine = On\n; Maximum amount of memory\nmemory_limit = 128M\nexpose_php = On\n";
  it("names a changed setting with its old and new value", () => {
    expect(summarizeDiff(diffLines(php, php.replace("128M", "512M")))).toBe("memory_limit = 128M → 512M");
  });
  it("lists added and removed settings, other lines, and caps the list", () => {
    const after = php.replace("expose_php = On\n", "opcache.enable=1\n# tuned\n");
    expect(summarizeDiff(diffLines(php, after))).toBe("+ opcache.enable = 1; − expose_php = On; 1 other line changed");
    const many = "a=1\nb=1\nc=1\nd=1\ne=1\n";
    expect(summarizeDiff(diffLines(many, many.replace(/1/g, "2")))).toBe("a = 1 → 2; b = 1 → 2; c = 1 → 2; 2 more settings");
  });
  it("reads directives and colon settings", () => {
    expect(summarizeDiff(diffLines("PermitRootLogin no\n", "PermitRootLogin yes\n"))).toBe("PermitRootLogin no → yes");
    expect(summarizeDiff(diffLines("port: 80\n", "port: 8080\n"))).toBe("port: 80 → 8080");
  });
});

describe("parseSetting", () => {
  it("skips comments, sections and blanks", () => {
    for (const l of ["", "# x = 1", "; memory_limit = 1", "[PHP]", "// a"]) expect(parseSetting(l)).toBeNull();
    expect(parseSetting("  memory_limit=512M ")).toEqual({ key: "memory_limit", sep: " = ", value: "512M" });
  });
});
