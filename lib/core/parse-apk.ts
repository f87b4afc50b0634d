// Alpine's installed database (/lib/apk/db/installed) as packages.
import type { Package } from "./types";

/**
 * The database is one paragraph per package of "X:value" lines: P is the name, V the version,
 * A the arch; the many F/R/Z lines (directories, files, checksums) are not needed here.
 */
export function parseApkInstalled(text: string): Package[] {
  const packages: Package[] = [];
  let name = "";
  let version = "";
  let arch = "";
  const flush = () => {
    if (name && version) packages.push({ manager: "apk", name, version, arch });
    name = version = arch = "";
  };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (line[1] !== ":") continue;
    const value = line.slice(2).trim();
    if (line[0] === "P") name = value;
    else if (line[0] === "V") version = value;
    else if (line[0] === "A") arch = value;
  }
  flush();
  return packages.sort((a, b) => cmp(a.name, b.name) || cmp(a.arch, b.arch) || cmp(a.version, b.version));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
