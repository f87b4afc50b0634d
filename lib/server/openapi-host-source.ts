import "server-only";
// Where a host's data comes from, in the OpenAPI document (issue 10): the ?source= filter shared by GET /hosts and
// the drift export, and the fields a host row and an exported host carry. Used by openapi-reporting.ts and
// openapi-exports.ts, whose paths these extend.
import { HOST_SOURCES } from "@/lib/core/host-source";

export const hostSourceParameter = {
  name: "source",
  in: "query",
  required: false,
  schema: { enum: [...HOST_SOURCES] },
  description:
    "Only hosts whose data comes from this source: agent (fleetprint-agent), image, or an import format (POST /imports). " +
    "A host takes the source of its latest accepted report: an agent report after an import makes it agent again.",
};

const source = { enum: [...HOST_SOURCES], description: "Where the host's data comes from (its latest accepted report)" };

/** Properties of a GET /hosts row. */
export const hostSourceRowProperties = {
  source,
  configsCollected: { type: "boolean", description: "False when the source reports no config files (SBOMs, package facts without stat): a spec's pinned configs are \"not collected\" there, not missing" },
};

/** Property of an exported host (JSON; the CSV's last column). */
export const hostSourceExportProperties = { source };
