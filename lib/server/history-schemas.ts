import "server-only";
// Queries of the history routes: fleet trend (days), host timeline (limit) and the host diff with its export.
// Shared by the routes and the pages, so a URL the page makes is one the API accepts.
import { z } from "zod";
import { DIFF_FORMATS, DIFF_STATUSES } from "@/lib/core/diff-filter";
import { MAX_HISTORY_DAYS } from "@/lib/services/list-daily-history";
import { MAX_HISTORY_ENTRIES } from "@/lib/services/list-host-history";
import { fleetNameSchema, queryFlag } from "./validate";

export const DEFAULT_HISTORY_DAYS = 180;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, "a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `at least ${min}`).max(max, `at most ${max}`));

export const fleetHistoryQuerySchema = z.object({ days: wholeNumber(1, MAX_HISTORY_DAYS).default(DEFAULT_HISTORY_DAYS) });

export const hostHistoryQuerySchema = z.object({ fleet: fleetNameSchema.optional(), limit: wholeNumber(1, MAX_HISTORY_ENTRIES).default(200) });

const point = z.string().max(64);

/** against=spec|host:<name>[@fleet], or from+to (hashes or history ids); format makes it a download of the filtered rows. */
export const hostDiffQuerySchema = z
  .object({
    fleet: fleetNameSchema.optional(),
    against: z.string().max(300).optional(),
    from: point.optional(),
    to: point.optional(),
    format: z.enum(DIFF_FORMATS, { message: `one of ${DIFF_FORMATS.join(", ")}` }).optional(),
    all: queryFlag.default(false),
    status: z.enum(DIFF_STATUSES as [string, ...string[]], { message: `one of ${DIFF_STATUSES.join(", ")}` }).optional(),
    q: z.string().max(253).optional(),
  })
  .refine((v) => (v.from === undefined) === (v.to === undefined), { message: "from and to go together", path: ["to"] })
  .refine((v) => !(v.from !== undefined && v.against !== undefined), { message: "give either against or from/to, not both", path: ["against"] });

export type HostDiffQuery = z.output<typeof hostDiffQuerySchema>;
