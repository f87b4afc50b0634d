// A yes/no query parameter (?publish=1, ?all=true, ?drifted=yes, ?revokeKeys=false): one spelling of what counts as
// yes and no for every route and page, so a flag that works on one URL works on all of them.

export const FLAG_TRUE = ["1", "true", "yes", "on"] as const;
export const FLAG_FALSE = ["0", "false", "no", "off"] as const;
/** Every accepted spelling, for API descriptions (OpenAPI enums). */
export const FLAG_VALUES = [...FLAG_TRUE, ...FLAG_FALSE] as const;

export const FLAG_HINT = "1 or 0 (true/false, yes/no and on/off work too)";

export type FlagResult = { ok: true; value: boolean } | { ok: false; error: string };

/**
 * Case-insensitive; anything else is refused rather than read as "no", so a typo such as
 * ?publish=ture fails loudly instead of silently doing the opposite of what was asked.
 */
export function parseFlag(raw: string): FlagResult {
  const v = raw.toLowerCase();
  if ((FLAG_TRUE as readonly string[]).includes(v)) return { ok: true, value: true };
  if ((FLAG_FALSE as readonly string[]).includes(v)) return { ok: true, value: false };
  return { ok: false, error: `${FLAG_HINT}; got ${JSON.stringify(raw.slice(0, 40))}` };
}

/**
 * For pages and client filters, where a bad value in a hand-edited URL should show the unfiltered view, not an
 * error page: the flag's value, or `fallback` when it is absent or not a flag.
 */
export function flagOr(raw: string | null | undefined, fallback = false): boolean {
  if (raw === null || raw === undefined) return fallback;
  const r = parseFlag(raw);
  return r.ok ? r.value : fallback;
}
