// JSON.parse builds whatever nesting it is given before any schema can look at it: 16 MiB of "[[[[…" is eight
// million arrays (seconds and gigabytes). Nothing this server accepts nests deeper than a report (4 levels), so a
// linear scan refuses deep bodies before parsing; on a report it costs about a fifth of JSON.parse.
export const MAX_JSON_DEPTH = 16;

const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const OPEN_OBJECT = 123;
const CLOSE_ARRAY = 93;
const CLOSE_OBJECT = 125;

/** The offset of the first `[` or `{` that opens level max + 1 (outside strings), or -1 when there is none. */
export function findTooDeep(text: string, max: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let i = 0;
  // Between strings a tight loop over the few structural characters; strings are skipped with indexOf (most of
  // a report's bytes are paths, names and hashes).
  while (i < text.length) {
    const open = text.indexOf('"', i);
    const end = open < 0 ? text.length : open;
    for (let k = i; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++depth > max) return k;
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        depth--;
      }
    }
    if (open < 0) return -1;
    const close = closingQuote(text, open);
    if (close < 0) return -1; // an unterminated string: JSON.parse words that error
    i = close + 1;
  }
  return -1;
}

/** The quote that ends the string opened at `open`: the next one not escaped by an odd run of backslashes. */
function closingQuote(text: string, open: number): number {
  let j = open;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return -1;
    let run = 0;
    // Each backslash belongs to the run before one quote only, so the walk back stays linear overall.
    while (text.charCodeAt(j - 1 - run) === BACKSLASH) run++;
    if (run % 2 === 0) return j;
  }
}
