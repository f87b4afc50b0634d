"use server";

// Server actions of spec editing. Besides the spec page and the host page, the fleet-wide drift table can call
// them for bulk "waive" / "accept into spec": each takes a plain object, checks the role (operator), validates
// with the API's zod schemas and answers SpecActionResult (dryRun: true previews, changes nothing).
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireActionRole } from "@/lib/server/auth";
import { attempt } from "@/lib/server/action-result";
import { badRequest } from "@/lib/server/errors";
import { adoptSchema, revokeSchema, specTextSchema, waiveSchema } from "@/lib/server/spec-edit-schemas";
import { fleetNameSchema, hostnameSchema, parseWith } from "@/lib/server/validate";
import { adoptIntoSpec, adoptValueIntoSpec } from "@/lib/services/adopt-into-spec";
import { renderCapture } from "@/lib/services/capture-spec";
import { editSpecText } from "@/lib/services/edit-spec-text";
import { revokeWaiver } from "@/lib/services/revoke-waiver";
import { waiveDrift } from "@/lib/services/waive-drift";
import type { SpecActionResult, SpecError } from "@/components/spec/types";
import type { SpecEditResult } from "@/lib/services/edit-spec";

const preview = (r: SpecEditResult) => ({ dryRun: r.dryRun, baseVersion: r.baseVersion, version: r.version, yaml: r.yaml, summary: r.summary, lines: r.lines });

/** Role first, then input, then one service; a domain error becomes a message (with a spec's problems at their lines). */
async function run<T>(fleetRaw: unknown, fn: (fleet: string, actor: { name: string; ip: string | null }) => Promise<T>, changes: boolean): Promise<SpecActionResult<T>> {
  const { actor } = await requireActionRole(changes ? "operator" : "viewer");
  return attempt<T, { errors: SpecError[] }>(async () => {
    const fleet = parseWith(fleetNameSchema, fleetRaw);
    const value = await fn(fleet, actor);
    if (changes) revalidatePath(`/fleets/${encodeURIComponent(fleet)}`, "layout");
    return value;
  });
}

/** Accept a host's drift into the spec: `items` (kind + subject) or all of its drift. */
export async function adoptAction(input: { fleet: string; hostname: string; items?: { kind: string; subject: string }[]; baseVersion?: number | null; dryRun: boolean; note?: string }) {
  const { fleet, ...rest } = input;
  return run(fleet, async (f, actor) => {
    const body = parseWith(adoptSchema, rest);
    if ("item" in body) throw badRequest("adoptAction takes a hostname; use adoptValueAction for one value.");
    return preview(await adoptIntoSpec(await getDb(), actor, f, body));
  }, !input.dryRun);
}

/** Fleet-wide: make `value` of item (kind, subject) the spec's, whichever hosts carry it (null for a *-missing item). */
export async function adoptValueAction(input: { fleet: string; kind: string; subject: string; value: string | null; baseVersion?: number | null; dryRun: boolean; note?: string }) {
  const { fleet, kind, subject, value, ...rest } = input;
  return run(fleet, async (f, actor) => {
    const body = parseWith(adoptSchema, { item: { kind, subject, value }, ...rest });
    if (!("item" in body)) throw badRequest("adoptValueAction takes kind, subject and value.");
    return preview(await adoptValueIntoSpec(await getDb(), actor, f, { ...body.item, baseVersion: body.baseVersion, dryRun: body.dryRun, note: body.note }));
  }, !input.dryRun);
}

/** Waive one drift item (its package or path) with a reason and an optional last day (YYYY-MM-DD). */
export async function waiveAction(input: { fleet: string; kind: string; subject: string; reason: string; until?: string | null; baseVersion?: number | null; dryRun: boolean }) {
  const { fleet, ...rest } = input;
  return run(fleet, async (f, actor) => preview(await waiveDrift(await getDb(), actor, f, parseWith(waiveSchema, { ...rest, until: rest.until || null }))), !input.dryRun);
}

/** Revoke the waiver on a package or path. */
export async function revokeWaiverAction(input: { fleet: string; path?: string; package?: string; baseVersion?: number | null; dryRun: boolean }) {
  const { fleet, ...rest } = input;
  return run(fleet, async (f, actor) => {
    const body = parseWith(revokeSchema, rest);
    return preview(await revokeWaiver(await getDb(), actor, f, { target: { path: body.path, package: body.package }, baseVersion: body.baseVersion, dryRun: body.dryRun }));
  }, !input.dryRun);
}

/** The editor: check a text (dryRun) or save it on top of baseVersion. */
export async function editSpecAction(input: { fleet: string; yaml: string; baseVersion?: number | null; dryRun: boolean; note?: string }) {
  const { fleet, ...rest } = input;
  return run(fleet, async (f, actor) => preview(await editSpecText(await getDb(), actor, f, parseWith(specTextSchema, { ...rest, note: rest.note || null }))), !input.dryRun);
}

/** "Capture from this host": the YAML a capture would save, for the editor (saves nothing). */
export async function captureYamlAction(input: { fleet: string; hostname: string }) {
  return run(input.fleet, async (f) => renderCapture(await getDb(), f, parseWith(hostnameSchema, input.hostname)), false);
}
