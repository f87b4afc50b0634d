import "server-only";
// Imports from other collectors in the OpenAPI document (issue 10): POST /imports with the formats it reads.
import { IMPORT_FORMATS } from "@/lib/core/import-report";
import { OSQUERY_TABLES } from "@/lib/core/import-osquery";

type Errors = (...codes: number[]) => Record<string, unknown>;

const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });

export function importPaths({ errors }: { errors: Errors }) {
  return {
    "/imports": {
      post: {
        summary:
          "Create or update a host of the fleet from another collector's output, mapped to an agent report (packages, and config hashes " +
          "where the tool has them) and ingested like the agent's (history, drift, snowflakes). The host is found as enrolment finds it: " +
          "its hostname within the fleet, and its machine id when the data carries one (a known machine under a new name is a rename; a new " +
          "machine under a known name replaces it, and the old key stops working; 409 when ambiguous). The host records its source (the " +
          "format) and whether configs were collected: SBOMs and package facts without stat carry none, so a spec's pinned configs read " +
          "\"not collected\" there instead of missing. Formats: osquery (an object of tables as `osqueryi --json` prints them — deb_packages, " +
          "rpm_packages, apk_packages, hash, optional os_version, kernel_info, system_info, hostname, machine_id — or Fleet's query report " +
          "{query_id, results:[{host_name, columns}]}, or one table's bare array of rows); ansible (package_facts' ansible_facts.packages, " +
          'with optional "stat": ansible.builtin.stat results run with checksum_algorithm: sha256); cyclonedx and spdx (JSON SBOMs as Syft and ' +
          "Trivy write them; packages from pkg:deb, pkg:rpm and pkg:apk purls). 400 with what is wrong (unknown format, not that format, no " +
          "packages, no host name, sha1 checksums, malformed JSON); nothing is stored then. Body up to 16 MiB, gzip accepted. Audited as host.import.",
        parameters: [
          { name: "format", in: "query", required: true, schema: { enum: [...IMPORT_FORMATS] } },
          { name: "fleet", in: "query", required: true, schema: { type: "string" } },
          { name: "hostname", in: "query", required: false, schema: { type: "string" }, description: "The host's name; required when the data names none (SBOMs), wins over the data's, and picks one host of a Fleet report" },
          { name: "table", in: "query", required: false, schema: { enum: [...OSQUERY_TABLES] }, description: "osquery: the table a Fleet report or bare array holds, when its columns do not say" },
        ],
        requestBody: { required: true, content: { "application/json": { schema: { type: ["object", "array"], description: "The tool's JSON output (see summary)" } } } },
        responses: {
          "202": ok("Imported", {
            type: "object",
            properties: {
              hostId: { type: "integer" },
              hostname: { type: "string" },
              fleet: { type: "string" },
              identity: { enum: ["enroll", "re-enroll", "replace", "rename"], description: "What enrolment's rule decided: a new host, the same one, a replacement or a rename" },
              source: { enum: [...IMPORT_FORMATS] },
              configsCollected: { type: "boolean" },
              packages: { type: "integer" },
              configs: { type: "integer" },
              fingerprint: { type: "string" },
              changed: { type: "boolean", description: "false when the host already carried this content" },
            },
          }),
          ...errors(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
  };
}
