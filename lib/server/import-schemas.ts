import "server-only";
// The query of POST /api/v1/imports: which format the body is in, the fleet, and optionally the host's name and (for
// osquery results of one table) the table. Read by the route and the OpenAPI document.
import { z } from "zod";
import { IMPORT_FORMATS } from "@/lib/core/import-report";
import { OSQUERY_TABLES } from "@/lib/core/import-osquery";
import { fleetNameSchema, hostnameSchema } from "./validate";

export const importQuerySchema = z.object({
  format: z.enum(IMPORT_FORMATS, { error: `must be one of ${IMPORT_FORMATS.join(", ")}` }),
  fleet: fleetNameSchema,
  hostname: hostnameSchema.optional(),
  table: z.enum(OSQUERY_TABLES, { error: `must be one of ${OSQUERY_TABLES.join(", ")}` }).optional(),
});

/** The query string's parameters (empty ones as absent), for importQuerySchema. */
export function importQuery(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (v !== "") out[k] = v;
  return out;
}
