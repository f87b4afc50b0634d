// One entry point for every import format: the body read by its format's mapper, then written as the agent report
// it stands for (lib/core/import-report.ts). Pure; the service validates the report as it validates the agent's.
import { importAnsible } from "./import-ansible";
import { importCycloneDx } from "./import-cyclonedx";
import { importOsquery, type OsqueryTable } from "./import-osquery";
import { toAgentReport, type ImportFormat } from "./import-report";
import { importSpdx } from "./import-spdx";
import type { AgentReport } from "./types";

export interface ImportOptions {
  hostname?: string;
  /** osquery only: the table a Fleet report or a bare array of rows holds. */
  table?: OsqueryTable;
  now: Date;
}

export function mapImport(format: ImportFormat, body: unknown, opts: ImportOptions): { report: AgentReport; configsCollected: boolean } {
  const imported =
    format === "osquery"
      ? importOsquery(body, opts)
      : format === "ansible"
        ? importAnsible(body)
        : format === "cyclonedx"
          ? importCycloneDx(body)
          : importSpdx(body);
  return { report: toAgentReport(imported, format, opts), configsCollected: imported.configsCollected };
}
