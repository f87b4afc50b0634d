// Path globs for ignore rules and volatile paths. Deliberately small: `*` and `?` stay inside one
// path segment, `**` spans any number of segments (including none), everything else is literal.
// No braces or character classes: spec files are read by people, and `[` in a real path must not
// silently turn into a pattern.

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * Two spellings of one translation: JavaScript's RegExp, and POSIX extended regular expressions for tools without
 * (?:…), such as the agent's awk (there literal characters are bracketed, [.], which every ERE reads alike).
 */
const DIALECTS = {
  js: { segments: "(?:[^/]*/)*", literal: (c: string) => c.replace(SPECIAL, "\\$&") },
  ere: { segments: "([^/]*/)*", literal: (c: string) => (/[A-Za-z0-9/_-]/.test(c) ? c : c === "^" || c === "\\" ? `\\${c}` : `[${c}]`) },
};

function globSource(glob: string, dialect: keyof typeof DIALECTS = "js"): string {
  const d = DIALECTS[dialect];
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] !== "*") {
        out += "[^/]*";
        continue;
      }
      let j = i + 2;
      while (glob[j] === "*") j++;
      const atSegmentStart = i === 0 || glob[i - 1] === "/";
      if (atSegmentStart && glob[j] === "/") {
        // "a/**/b" also matches "a/b": zero or more whole segments, consuming the slash.
        out += d.segments;
        i = j;
      } else {
        out += ".*";
        i = j - 1;
      }
    } else if (c === "?") {
      out += "[^/]";
    } else {
      out += d.literal(c);
    }
  }
  return out;
}

/** The same glob as a POSIX extended regular expression (no anchors): the agent's awk skips volatile paths with it. */
export function globToEre(glob: string): string {
  return globSource(glob, "ere");
}

/** Anchored RegExp for one glob. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`);
}

const compiled = new Map<string, RegExp | null>();
const CACHE_LIMIT = 256;

/**
 * One matcher for a whole list (a single alternation, so a fingerprint's 2,000 paths cost 2,000
 * regex tests, not 2,000 × globs). Compiled lists are cached because the same ignore list is
 * applied to every fingerprint of a fleet.
 */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const cacheKey = globs.join("\0");
  let re = compiled.get(cacheKey);
  if (re === undefined) {
    re = globs.length === 0 ? null : new RegExp(`^(?:${globs.map((g) => globSource(g)).join("|")})$`);
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(cacheKey, re);
  }
  const regex = re;
  return regex === null ? () => false : (path) => regex.test(path);
}

/** True when `path` matches at least one glob. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return compileGlobs(globs)(path);
}

