// CycloneDX JSON SBOMs (as Syft and Trivy write them for an image or a host) read as an imported host: packages from
// the components' purls (pkg:deb, pkg:rpm, pkg:apk; nested components too), the OS from the "operating-system"
// component. SBOMs carry no config files, so configs are "not collected".
import { ImportProblem, isObject, text, type Imported } from "./import-report";
import { distroOfPurl, packageOfPurl, parsePurl } from "./purl";
import type { OsFacts, Package } from "./types";

/** Syft names the distribution in properties of its OS component; Trivy in the component's name and version. */
function osOf(component: Record<string, unknown>): Partial<OsFacts> {
  const props = new Map<string, string>();
  if (Array.isArray(component.properties)) for (const p of component.properties) if (isObject(p)) props.set(text(p.name), text(p.value));
  return {
    id: props.get("syft:distro:id") || text(component.name),
    versionId: props.get("syft:distro:versionID") || text(component.version),
    prettyName: props.get("syft:distro:prettyName") || undefined,
  };
}

export function importCycloneDx(body: unknown): Imported {
  if (!isObject(body) || body.bomFormat !== "CycloneDX") {
    throw new ImportProblem('Not a CycloneDX JSON SBOM: expected an object with "bomFormat": "CycloneDX" (syft -o cyclonedx-json, trivy --format cyclonedx).');
  }
  const packages: Package[] = [];
  let os: Partial<OsFacts> | null = null;
  let distro: Partial<OsFacts> | null = null;
  // Nested components (a component's own "components") are appended and read in turn, in document order.
  const queue: unknown[] = [...(Array.isArray(body.components) ? body.components : [])];
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i];
    if (!isObject(c)) continue;
    if (Array.isArray(c.components)) queue.push(...c.components);
    if (c.type === "operating-system") os ??= osOf(c);
    const purl = typeof c.purl === "string" ? parsePurl(c.purl) : null;
    const pkg = purl && packageOfPurl(purl);
    if (!pkg) continue;
    packages.push(pkg);
    distro ??= distroOfPurl(purl);
  }
  return { hostname: null, machineId: null, os: os ?? distro ?? {}, packages, configs: [], configsCollected: false };
}
