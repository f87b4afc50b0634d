// osquery results read as an imported host. Accepted shapes (README "Imports from other collectors"):
//  - one object of table results as `osqueryi --json` prints them, keyed by table:
//    {"hostname", "machine_id", "deb_packages": [...], "rpm_packages": [...], "apk_packages": [...], "hash": [...],
//     "os_version": [...], "kernel_info": [...], "system_info": [...]} (every key optional, rows as osquery prints);
//  - Fleet's query report (GET /api/v1/fleet/queries/:id/report): {"query_id", "results": [{"host_name", "columns"}]};
//  - the bare array one `osqueryi --json "select … from <table>"` prints.
// A report or bare array holds one table: `table` names it, or its columns do (hash: path+sha256; rpm_packages:
// release; deb_packages: revision, maintainer, priority or admindir).
import { agentPath, ImportProblem, isObject, text, type Imported } from "./import-report";
import type { ConfigEntry, OsFacts, Package } from "./types";

export const OSQUERY_TABLES = ["deb_packages", "rpm_packages", "apk_packages", "hash"] as const;
export type OsqueryTable = (typeof OSQUERY_TABLES)[number];
type Row = Record<string, unknown>;

/** dpkg states the agent counts as installed (agent/README.md, "What is collected"). */
const DPKG_INSTALLED = new Set(["installed", "triggers-awaited", "triggers-pending"]);

function debPackage(r: Row): Package | null {
  const state = text(r.status).split(/\s+/)[2];
  if (state !== undefined && !DPKG_INSTALLED.has(state)) return null;
  // deb_packages.version is dpkg's Version field whole (epoch:upstream-revision), as the agent reports it.
  return { manager: "dpkg", name: text(r.name), version: text(r.version), arch: text(r.arch) };
}

function rpmPackage(r: Row): Package | null {
  const name = text(r.name);
  if (name === "gpg-pubkey") return null; // imported signing keys, skipped by the agent too
  // osquery leaves epoch empty when the header has none; rpm -qa prints "(none)" then, and the agent writes no epoch.
  const epoch = text(r.epoch);
  const release = text(r.release);
  const version = `${epoch ? `${epoch}:` : ""}${text(r.version)}${release ? `-${release}` : ""}`;
  return { manager: "rpm", name, version, arch: text(r.arch) };
}

const apkPackage = (r: Row): Package => ({ manager: "apk", name: text(r.name), version: text(r.version), arch: text(r.arch) });

function hashEntry(r: Row): ConfigEntry | null {
  const path = text(r.path);
  if (!path.startsWith("/")) return null;
  const sha = text(r.sha256).toLowerCase();
  return { path: agentPath(path), type: "file", sha256: sha || null };
}

function guessTable(rows: Row[]): OsqueryTable | null {
  const cols = new Set(rows.flatMap((r) => Object.keys(r)));
  if (cols.has("path") && cols.has("sha256")) return "hash";
  if (cols.has("release")) return "rpm_packages";
  if (["revision", "maintainer", "priority", "admindir"].some((c) => cols.has(c))) return "deb_packages";
  return null;
}

function rowsOf(value: unknown, where: string): Row[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ImportProblem(`${where} must be an array of rows as osqueryi --json prints them.`);
  return value.filter(isObject);
}

/** The first row of a small table given as rows or as one object. */
const firstRow = (v: unknown): Row => (Array.isArray(v) ? (v.find(isObject) ?? {}) : isObject(v) ? v : {});

function osOf(osVersion: Row, kernel: Row): Partial<OsFacts> {
  return {
    id: text(osVersion.platform),
    versionId: /^\d[\d.]*/.exec(text(osVersion.version))?.[0] ?? text(osVersion.major),
    prettyName: [text(osVersion.name), text(osVersion.version)].filter(Boolean).join(" "),
    kernel: text(kernel.version) || null,
    arch: text(osVersion.arch),
  };
}

function fromTables(tables: Partial<Record<OsqueryTable, Row[]>>): Pick<Imported, "packages" | "configs" | "configsCollected"> {
  const packages = [
    ...(tables.deb_packages ?? []).map(debPackage),
    ...(tables.rpm_packages ?? []).map(rpmPackage),
    ...(tables.apk_packages ?? []).map(apkPackage),
  ].filter((p): p is Package => p !== null && p.name !== "" && p.version !== "");
  const configs = (tables.hash ?? []).map(hashEntry).filter((c): c is ConfigEntry => c !== null);
  return { packages, configs, configsCollected: tables.hash !== undefined };
}

function oneTable(rows: Row[], table: OsqueryTable | undefined, what: string): Partial<Record<OsqueryTable, Row[]>> {
  const t = table ?? guessTable(rows);
  if (!t) throw new ImportProblem(`Cannot tell which osquery table this ${what} holds; add &table=${OSQUERY_TABLES.join("|")} to the URL.`);
  return { [t]: rows };
}

/** Fleet's report rows of one host: `hostname` picks it when the report holds several. */
function fleetReport(results: unknown[], hostname: string | undefined, table: OsqueryTable | undefined): Imported {
  const rows = results.filter(isObject);
  const names = [...new Set(rows.map((r) => text(r.host_name)).filter(Boolean))].sort();
  if (!hostname && names.length > 1) {
    throw new ImportProblem(`This Fleet report holds rows of ${names.length} hosts (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}); add &hostname=NAME to import one.`);
  }
  const mine = hostname && names.length > 0 ? rows.filter((r) => text(r.host_name) === hostname) : rows;
  if (hostname && names.length > 0 && mine.length === 0) throw new ImportProblem(`This Fleet report has no rows of host "${hostname}" (it has ${names.slice(0, 5).join(", ")}).`);
  const columns = mine.map((r) => (isObject(r.columns) ? r.columns : {}));
  return { hostname: hostname ?? names[0] ?? null, machineId: null, os: {}, ...fromTables(oneTable(columns, table, "Fleet report")) };
}

export function importOsquery(body: unknown, opts: { hostname?: string; table?: OsqueryTable } = {}): Imported {
  if (Array.isArray(body)) {
    return { hostname: null, machineId: null, os: {}, ...fromTables(oneTable(body.filter(isObject), opts.table, "array of rows")) };
  }
  if (!isObject(body)) throw new ImportProblem("Expected osquery results: an object of tables, a Fleet query report or an array of rows.");
  if (Array.isArray(body.results)) return fleetReport(body.results, opts.hostname, opts.table);
  const tables: Partial<Record<OsqueryTable, Row[]>> = {};
  for (const t of OSQUERY_TABLES) if (body[t] !== undefined) tables[t] = rowsOf(body[t], t);
  if (Object.keys(tables).length === 0) {
    throw new ImportProblem(`No osquery tables found: send ${OSQUERY_TABLES.join(", ")} results as arrays of rows, or a Fleet query report.`);
  }
  const system = firstRow(body.system_info);
  return {
    hostname: text(body.hostname) || text(system.hostname) || null,
    machineId: text(body.machine_id) || null,
    os: osOf(firstRow(body.os_version), firstRow(body.kernel_info)),
    ...fromTables(tables),
  };
}
