import "server-only";
import type { RebuildTarget } from "./types";

export const PLACEHOLDERS = ["hostname", "fleet", "providerRef", "specVersion", "specFile", "requestId"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const TOKEN = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names inside `{…}` that are not placeholders: a typo such as `{hostnme}` must fail at config time, not at 3 a.m. */
export function unknownPlaceholders(template: string, allowed: readonly string[] = PLACEHOLDERS): string[] {
  const bad: string[] = [];
  for (const m of template.matchAll(TOKEN)) if (!allowed.includes(m[1])) bad.push(m[1]);
  return bad;
}

export function placeholderValues(t: RebuildTarget, specFile = ""): Record<Placeholder, string> {
  return {
    hostname: t.hostname,
    fleet: t.fleet,
    providerRef: t.providerRef ?? "",
    specVersion: String(t.specVersion),
    specFile,
    requestId: t.requestId,
  };
}

/**
 * One pass, so a value that itself contains `{fleet}` is never expanded again. `encode` lets URLs
 * escape the values they receive.
 */
export function substitute(template: string, values: Partial<Record<string, string>>, encode: (v: string) => string = (v) => v): string {
  return template.replace(TOKEN, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : encode(v);
  });
}
