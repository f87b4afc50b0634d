"use server";

// Server actions of spec editing. Besides the spec page and the host page, the fleet-wide drift table can call
// them for bulk "waive" / "accept into spec": each takes a plain object, checks the role (operator), validates
// with the API's zod schemas and answers SpecActionResult (dryRun: true previews, changes nothing).
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { z } from "zod";
import { inputAction, type ActionCaller } from "@/lib/server/action";
import { badRequest } from "@/lib/server/errors";
import { adoptSchema, revokeSchema, specTextSchema, waiveSchema } from "@/lib/server/spec-edit-schemas";
import { fleetNameSchema, hostnameSchema, parseWith } from "@/lib/server/validate";
import { adoptIntoSpec, adoptValueIntoSpec } from "@/lib/services/adopt-into-spec";
import { renderCapture } from "@/lib/services/capture-spec";
import { editSpecText } from "@/lib/services/edit-spec-text";
import { revokeWaiver } from "@/lib/services/revoke-waiver";
import { waiveDrift } from "@/lib/services/waive-drift";
import type { SpecError } from "@/components/spec/types";
import type { SpecEditResult } from "@/lib/services/edit-spec";

const preview = (r: SpecEditResult) => ({ dryRun: r.dryRun, baseVersion: r.baseVersion, version: r.version, yaml: r.yaml, summary: r.summary, lines: r.lines });

/**
 * Every spec action: viewer for a dry run (it only previews), operator to save; the fleet is checked here and the
 * rest by the action's own schema; a spec's problems ride along at their lines (SpecActionResult.errors).
 */
function specAction<Rest extends object, T>(run: (rest: Rest, fleet: string, caller: ActionCaller) => Promise<T>, changes: (raw: NoInfer<Rest>) => boolean = (raw) => !(raw as { dryRun?: boolean }).dryRun) {
  return inputAction<Rest & { fleet: string }, { fleet: string }, T, { errors: SpecError[] }>({
    role: (raw) => (changes(raw) ? "operator" : "viewer"),
    schema: z.looseObject({ fleet: fleetNameSchema }),
    run: async ({ fleet }, caller, raw) => {
      const { fleet: _, ...rest } = raw;
      const value = await run(rest as unknown as Rest, fleet, caller); // raw minus fleet is Rest (TS cannot see it through the spread)
      if (changes(raw)) revalidatePath(`/fleets/${encodeURIComponent(fleet)}`, "layout");
      return value;
    },
  });
}

/** Accept a host's drift into the spec: `items` (kind + subject) or all of its drift. */
export const adoptAction = specAction(async (rest: { hostname: string; items?: { kind: string; subject: string }[]; baseVersion?: number | null; dryRun: boolean; note?: string }, fleet, { actor }) => {
  const body = parseWith(adoptSchema, rest);
  if ("item" in body) throw badRequest("adoptAction takes a hostname; use adoptValueAction for one value.");
  return preview(await adoptIntoSpec(await getDb(), actor, fleet, body));
});

/** Fleet-wide: make `value` of item (kind, subject) the spec's, whichever hosts carry it (null for a *-missing item). */
export const adoptValueAction = specAction(async (input: { kind: string; subject: string; value: string | null; baseVersion?: number | null; dryRun: boolean; note?: string }, fleet, { actor }) => {
  const { kind, subject, value, ...rest } = input;
  const body = parseWith(adoptSchema, { item: { kind, subject, value }, ...rest });
  if (!("item" in body)) throw badRequest("adoptValueAction takes kind, subject and value.");
  return preview(await adoptValueIntoSpec(await getDb(), actor, fleet, { ...body.item, baseVersion: body.baseVersion, dryRun: body.dryRun, note: body.note }));
});

/** Waive one drift item (its package or path) with a reason and an optional last day (YYYY-MM-DD). */
export const waiveAction = specAction(async (rest: { kind: string; subject: string; reason: string; until?: string | null; baseVersion?: number | null; dryRun: boolean }, fleet, { actor }) =>
  preview(await waiveDrift(await getDb(), actor, fleet, parseWith(waiveSchema, { ...rest, until: rest.until || null }))),
);

/** Revoke the waiver on a package or path. */
export const revokeWaiverAction = specAction(async (rest: { path?: string; package?: string; baseVersion?: number | null; dryRun: boolean }, fleet, { actor }) => {
  const body = parseWith(revokeSchema, rest);
  return preview(await revokeWaiver(await getDb(), actor, fleet, { target: { path: body.path, package: body.package }, baseVersion: body.baseVersion, dryRun: body.dryRun }));
});

/** The editor: check a text (dryRun) or save it on top of baseVersion. */
export const editSpecAction = specAction(async (rest: { yaml: string; baseVersion?: number | null; dryRun: boolean; note?: string }, fleet, { actor }) =>
  preview(await editSpecText(await getDb(), actor, fleet, parseWith(specTextSchema, { ...rest, note: rest.note || null }))),
);

/** "Capture from this host": the YAML a capture would save, for the editor (saves nothing). */
export const captureYamlAction = specAction(async (rest: { hostname: string }, fleet) => renderCapture(await getDb(), fleet, parseWith(hostnameSchema, rest.hostname)), () => false);
