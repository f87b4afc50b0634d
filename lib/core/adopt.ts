// "Accept into spec": the host is right and the spec is old. The next spec takes the host's value of each chosen
// drift item, so that host has no drift left on them.
import { isValidFileValue, isValidPin } from "./spec";
import { OS_SUBJECT } from "./drift";
import type { DriftItem, OsFacts, Spec } from "./types";
import { isPackageKind } from "./waivers";

/**
 * package-version / package-extra → pin the host's version (several side by side, or one a spec cannot spell,
 * pin "*"); package-missing → drop the pin; config-changed / config-unexpected → the host's hash or symlink
 * target ("*" when unreadable); config-missing → drop the file; the OS item → the host's os id and version.
 */
export function adoptDrift(spec: Spec, items: readonly DriftItem[], hostOs: Pick<OsFacts, "id" | "versionId">): Spec {
  const pins = { ...spec.packages.pins };
  const files = { ...spec.configs.files };
  let os = spec.os;
  for (const it of items) {
    if (it.kind === "package-version" && it.subject === OS_SUBJECT) {
      os = { ...(spec.os?.id ? { id: hostOs.id } : {}), ...(spec.os?.versionId ? { versionId: hostOs.versionId } : {}) };
      continue;
    }
    // Packages and configs differ only in the map they live in and what a valid value is.
    const [entries, isValid] = isPackageKind(it.kind) ? [pins, isValidPin] : [files, isValidFileValue];
    if (it.kind === "package-missing" || it.kind === "config-missing") delete entries[it.subject];
    else entries[it.subject] = it.actual && isValid(it.actual) ? it.actual : "*";
  }
  const out: Spec = { ...spec, packages: { ...spec.packages, pins }, configs: { ...spec.configs, files } };
  if (os) out.os = os;
  return out;
}
