import type { DriftKind, SnowflakeReason } from "@/lib/core/types";

export const DRIFT_KIND_LABEL: Record<DriftKind, string> = {
  "package-version": "Package version differs",
  "package-missing": "Package missing",
  "package-extra": "Extra package",
  "config-changed": "Config changed",
  "config-missing": "Config missing",
  "config-unexpected": "Unexpected config",
};

/** Display order: what most often breaks a deploy first. */
export const DRIFT_KIND_ORDER: DriftKind[] = ["package-version", "package-missing", "package-extra", "config-changed", "config-missing", "config-unexpected"];

export const SNOWFLAKE_KIND_LABEL: Record<SnowflakeReason["kind"], string> = {
  "package-version": "package version",
  "package-extra": "extra package",
  "package-missing": "missing package",
  "config-changed": "config differs",
  "config-edited": "edited by hand",
  "config-extra": "extra config",
  "config-missing": "missing config",
};

/** Hashes are unreadable at full length; versions are short already. */
export function shortValue(v: string | null): string {
  if (v === null) return "absent";
  return /^[0-9a-f]{40,}$/i.test(v) ? `${v.slice(0, 12)}…` : v;
}
