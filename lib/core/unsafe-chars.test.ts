import { describe, expect, it } from "vitest";
import { SAFE_TEXT, SAFE_TOKEN, UNSAFE_CHAR, codePointName, unsafeCharProblem } from "./unsafe-chars";

const REFUSED = ["\u0000", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"];
const KEPT = ["/etc/nginx/nginx.conf", "/srv/caf\u00e9/\u65e5\u672c.conf", "/etc/a\\tb\\\\c", "/x/\ud83d\ude00", "/etc/zw\u200dj", "\u00a0"];

describe("unsafe characters", () => {
  it.each(REFUSED)("refuses %j anywhere in a string", (ch) => {
    for (const s of [ch, `/etc/${ch}x`, `/etc/x${ch}`]) {
      expect(UNSAFE_CHAR.test(s)).toBe(true);
      expect(SAFE_TEXT.test(s)).toBe(false);
      expect(SAFE_TOKEN.test(s)).toBe(false);
    }
  });

  it("keeps ordinary text, other scripts, emoji and escaped backslashes", () => {
    for (const s of KEPT) {
      expect(UNSAFE_CHAR.test(s)).toBe(false);
      expect(SAFE_TEXT.test(s)).toBe(true);
    }
  });

  it("refuses unpaired surrogates (stored they would become U+FFFD) but not pairs", () => {
    for (const s of ["\ud800", "a\udc00", "\ude00\ud83d"]) expect(SAFE_TEXT.test(s)).toBe(false);
    expect(unsafeCharProblem("/etc/\ud800")).toBe("contains an unpaired surrogate (U+D800), which is not text");
    expect(SAFE_TOKEN.test("pkg\ud83d\ude00")).toBe(true);
  });

  it("tokens refuse white space too", () => {
    expect(SAFE_TOKEN.test("1.2-3")).toBe(true);
    expect(SAFE_TOKEN.test("1 2")).toBe(false);
    expect(SAFE_TEXT.test("Debian GNU/Linux 12")).toBe(true);
  });

  it("names the first offending character", () => {
    expect(unsafeCharProblem("/etc/ssl/\u202Egnp.sh\n")).toBe("contains a control or bidirectional character (U+202E)");
    expect(unsafeCharProblem("/etc/a\u0000")).toBe("contains a control or bidirectional character (U+0000)");
    expect(unsafeCharProblem("/etc/fine")).toBeNull();
    expect(codePointName("\ud83d\ude00")).toBe("U+1F600");
  });
});
