// Characters that make stored text lie when a person reads it: controls (a newline forges a log line or a table
// row, a tab shifts a column) and bidirectional controls (U+202E shows "/etc/cron.d/\u202Eexe.sh" as something
// else). Unpaired surrogates are not text at all: a database stores them as U+FFFD, so the stored path would not
// be the one sent. The agent escapes tab, newline and backslash in file names itself (as \t, \n, \\), so backslash
// stays allowed.
import { z } from "zod";
const CONTROL_AND_BIDI = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
// With the u flag a surrogate range matches only unpaired halves: a pair is read as one (astral) code point.
const LONE_SURROGATE = "\\ud800-\\udfff";

/** The first unsafe character, if any. */
export const UNSAFE_CHAR = new RegExp(`[${CONTROL_AND_BIDI}${LONE_SURROGATE}]`, "u");
/** A whole string free of unsafe characters: one test for the report fast path. */
export const SAFE_TEXT = new RegExp(`^[^${CONTROL_AND_BIDI}${LONE_SURROGATE}]*$`, "u");
/** The same, and no white space either: package names, versions and arches are single tokens. */
export const SAFE_TOKEN = new RegExp(`^[^\\s${CONTROL_AND_BIDI}${LONE_SURROGATE}]*$`, "u");

/** "U+202E" */
export function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why `value` may not be stored as it is ("contains a control or bidirectional character (U+202E)"), or null. */
export function unsafeCharProblem(value: string): string | null {
  const m = UNSAFE_CHAR.exec(value);
  if (!m) return null;
  const code = m[0].charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return `contains an unpaired surrogate (${codePointName(m[0])}), which is not text`;
  return `contains a control or bidirectional character (${codePointName(m[0])})`;
}

/**
 * A zod string for text a person will read (paths, names, versions, hostnames). The check runs first and alone,
 * so the message names the character rather than a pattern the value missed.
 */
export const safeText = (schema: z.ZodString = z.string()) =>
  schema.refine((v) => !UNSAFE_CHAR.test(v), { error: (issue) => unsafeCharProblem(String(issue.input)) ?? "invalid", abort: true });
