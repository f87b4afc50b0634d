import "server-only";
import { z } from "zod";
import { HOST_SOURCES } from "@/lib/core/host-source";
import { REPORTING_STATUSES } from "@/lib/core/reporting";
import { parseItemParam } from "@/lib/core/fleet-drift";
import { safeText } from "@/lib/core/unsafe-chars";
import { parseFlag } from "@/lib/core/query-flag";
import { badRequest } from "./errors";
import { ROLES } from "./principal";
import { HOST_SORTS, MAX_PAGE } from "@/lib/services/list-hosts";

/** Parses with zod and turns the first problems into one sentence naming the fields. */
export function parseWith<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`);
  throw badRequest(problems.join("; "));
}

export const hostnameSchema = safeText()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, dot, dash and underscore only");

export const fleetNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes, starting with a letter or digit");

export const createFleetSchema = z.object({
  name: fleetNameSchema,
  strategy: z.enum(["mutable", "immutable"]),
});

const machineIdSchema = safeText()
  .max(128)
  .regex(/^[A-Za-z0-9-]*$/, "hex digits")
  .nullish()
  .transform((v) => (v ? v : null));

export const enrollSchema = z.object({
  secret: z.string().min(1).max(200),
  hostname: hostnameSchema,
  machineId: machineIdSchema,
});

export const REPORT_DIGEST = /^[A-Za-z0-9:_-]{16,128}$/;

/** POST /checkin: the digest of the last report, and optionally the content digest (lib/core/content-digest.ts). */
export const checkinSchema = z.object({
  digest: z.string({ error: 'send {"digest":"<sha256 hex of your report>"}' }).regex(REPORT_DIGEST, "16-128 letters, digits, ':', '_' or '-' (the agent sends a sha256 hex)"),
  content: z.string().regex(/^[0-9a-f]{64}$/, "the sha256 of the report after its first line, in lowercase hex").nullish(),
  machineId: machineIdSchema,
});

export const captureSchema = z.object({ hostname: hostnameSchema });

/** A yes/no query parameter (lib/core/query-flag.ts): anything but 1/0, true/false, yes/no, on/off is a 400. */
export const queryFlag = z.string().transform((v, ctx) => {
  const r = parseFlag(v);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.error });
  return r.ok ? r.value : z.NEVER;
});

const flag = queryFlag.optional();

export const hostQuerySchema = z.object({
  fleet: fleetNameSchema.optional(),
  drifted: flag,
  snowflake: flag,
  reporting: z.enum(REPORTING_STATUSES, { error: `one of ${REPORTING_STATUSES.join(", ")}` }).optional(),
  source: z.enum(HOST_SOURCES, { error: `one of ${HOST_SOURCES.join(", ")} (where the host's data comes from)` }).optional(),
  q: z.string().max(253).optional(),
  item: z
    .string()
    .max(1100)
    .transform((v, ctx) => parseItemParam(v) ?? (ctx.addIssue({ code: "custom", message: "kind:subject, e.g. package-version:apache2 (as the fleet drift table links it)" }), z.NEVER))
    .optional(),
  sort: z.enum(HOST_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  cursor: z.string().max(200).optional(),
});

/** Query string → plain object, dropping empty values so `?fleet=` means "any fleet". */
export function queryObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (v !== "") out[k] = v;
  return out;
}

export const roleSchema = z.enum(ROLES);

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(10, "at least 10 characters").max(200),
  role: roleSchema.default("viewer"),
});

export const updateUserSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "send role and/or disabled");

export const createTokenSchema = z.object({ name: z.string().trim().min(1).max(100) });

/** Numeric ids in paths (enroll secrets, API tokens). */
export function idParam(id: string, what: string): number {
  if (!/^\d{1,9}$/.test(id)) throw badRequest(`The ${what} id must be a number (as returned when it was created).`);
  return Number(id);
}
