// SPDX JSON SBOMs (as Syft and Trivy write them) read as an imported host: packages from each package's purl
// external reference (pkg:deb, pkg:rpm, pkg:apk), never from versionInfo (tools differ in what they put there), the
// OS from Trivy's operating-system package or the purls' distro qualifier. No config files: "not collected".
import { ImportProblem, isObject, text, type Imported } from "./import-report";
import { distroOfPurl, packageOfPurl, parsePurl } from "./purl";
import type { OsFacts, Package } from "./types";

function purlOf(pkg: Record<string, unknown>): string | null {
  if (!Array.isArray(pkg.externalRefs)) return null;
  for (const ref of pkg.externalRefs) {
    if (isObject(ref) && text(ref.referenceType).toLowerCase() === "purl" && typeof ref.referenceLocator === "string") return ref.referenceLocator;
  }
  return null;
}

const isOsPackage = (p: Record<string, unknown>) =>
  p.primaryPackagePurpose === "OPERATING-SYSTEM" || text(p.SPDXID).startsWith("SPDXRef-OperatingSystem");

export function importSpdx(body: unknown): Imported {
  if (!isObject(body) || typeof body.spdxVersion !== "string" || !Array.isArray(body.packages)) {
    throw new ImportProblem('Not an SPDX JSON document: expected an object with "spdxVersion" and "packages" (syft -o spdx-json, trivy --format spdx-json).');
  }
  const packages: Package[] = [];
  let os: Partial<OsFacts> | null = null;
  let distro: Partial<OsFacts> | null = null;
  for (const p of body.packages) {
    if (!isObject(p)) continue;
    if (isOsPackage(p)) os ??= { id: text(p.name), versionId: text(p.versionInfo) };
    const locator = purlOf(p);
    const purl = locator ? parsePurl(locator) : null;
    const pkg = purl && packageOfPurl(purl);
    if (!pkg) continue;
    packages.push(pkg);
    distro ??= distroOfPurl(purl);
  }
  return { hostname: null, machineId: null, os: os ?? distro ?? {}, packages, configs: [], configsCollected: false };
}
