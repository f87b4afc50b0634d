import "server-only";
// Query of GET /api/v1/exports/drift: the hosts list's filters (the same schema, so a filtered view and its
// export accept the same values) plus `since` and `format`.
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/core/drift-export";
import { hostQuerySchema } from "./validate";

const SINCE_HINT = "an ISO 8601 date (2026-11-01) or date-time with a zone (2026-11-01T12:00:00Z)";

/** A date means midnight UTC of that day; a date-time must say its zone so "since" is not read in server time. */
export function parseSince(raw: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (day) {
    const d = new Date(`${raw}T00:00:00Z`);
    // Date.parse rolls 2026-02-30 over to March: only a date that reads back the same is that date.
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const exportDriftQuerySchema = hostQuerySchema.omit({ item: true }).extend({
  since: z
    .string()
    .max(40)
    .transform((raw, ctx) => {
      const at = parseSince(raw);
      if (!at) {
        ctx.addIssue({ code: "custom", message: `expected ${SINCE_HINT}` });
        return z.NEVER;
      }
      return { at, text: raw };
    })
    .optional(),
  format: z.enum(EXPORT_FORMATS, { message: `one of ${EXPORT_FORMATS.join(", ")}` }).default("csv"),
});

export type ExportDriftQuery = z.output<typeof exportDriftQuerySchema>;
