import "server-only";
// Request bodies of the spec editing routes (adopt, waive, revoke, preview, edit). The OpenAPI document is
// generated from these too (openapi-spec-edit.ts).
import { z } from "zod";
import { DRIFT_KINDS } from "@/lib/core/drift";
import { MAX_REASON } from "@/lib/core/waivers";
import type { DriftKind } from "@/lib/core/types";
import { hostnameSchema } from "./validate";

const kind = z.enum(DRIFT_KINDS as [DriftKind, ...DriftKind[]], { error: `kind must be one of ${DRIFT_KINDS.join(", ")}` });
const subject = z.string().trim().min(1, "subject must not be empty").max(4096);
const baseVersion = z.number().int().positive().nullable().optional().describe("The spec version the change was previewed against; required to save (409 when the spec moved)");
const dryRun = z.boolean().optional().describe("Preview only: answer the new YAML and the diff, change nothing");
const note = z.string().trim().max(MAX_REASON).nullable().optional().describe("Why, in your words: shown in the version history");

const itemRefSchema = z.object({ kind, subject });

export const adoptSchema = z.union([
  z.strictObject({
    hostname: hostnameSchema,
    items: z.array(itemRefSchema).min(1).max(10_000).optional().describe("The host's drift items to accept; all of its drift when absent"),
    baseVersion,
    dryRun,
    note,
  }),
  z.strictObject({
    item: z.object({ kind, subject, value: z.string().max(4096).nullable().describe("The value to make the spec's (a version, sha256 or symlink:<target>); null for a *-missing item") }),
    baseVersion,
    dryRun,
    note,
  }),
]);

export const waiveSchema = z.strictObject({
  kind,
  subject,
  reason: z.string().trim().min(1, "a waiver needs a reason").max(MAX_REASON),
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "until must be a date written YYYY-MM-DD").nullable().optional().describe("Last day (UTC) the waiver holds"),
  baseVersion,
  dryRun,
});

export const revokeSchema = z
  .strictObject({ path: z.string().min(1).optional(), package: z.string().min(1).optional(), reason: note, baseVersion, dryRun })
  .refine((b) => (b.path === undefined) !== (b.package === undefined), { error: "name exactly one of path or package (the waiver's target)" });

export const specTextSchema = z.strictObject({
  yaml: z.string().min(1, "yaml must not be empty"),
  baseVersion,
  dryRun,
  note,
});

export const diffQuerySchema = z.object({
  from: z.coerce.number().int().positive({ error: "from must be a spec version number" }),
  to: z.coerce.number().int().positive({ error: "to must be a spec version number" }),
});
