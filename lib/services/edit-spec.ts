import "server-only";
// The one path of every browser edit of a spec (adopt, waive, revoke, edited YAML): build the next spec from the
// current version, show the diff (dry run) or save it as a new version on top of the base the person saw.
import { and, eq } from "drizzle-orm";
import { specs, type fleets } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import { renderSpecYaml } from "@/lib/core/spec";
import { diffSpecs, specDiffLines, summarizeSpecDiff, type SpecDiff } from "@/lib/core/spec-diff";
import type { Spec } from "@/lib/core/types";
import { badRequest, conflict } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { afterSpecSaved, saveSpec } from "./save-spec";

export type Fleet = typeof fleets.$inferSelect;
export interface CurrentSpec {
  version: number;
  spec: Spec;
}

export interface SpecEdit {
  /** The next spec, from the current one (null when the fleet has none). */
  build: (current: CurrentSpec | null, ctx: { tx: Tx; fleet: Fleet }) => Promise<Spec> | Spec;
  /** "adopt:web-22", "waive", "revoke-waiver", "edit". */
  source: string;
  note?: string | null;
  /** The version the person previewed; required to save. A save on top of another version is a 409. */
  baseVersion?: number | null;
  dryRun?: boolean;
  /** The new version's text; by default rendered from the spec. */
  yaml?: (version: number, fleet: Fleet) => string;
}

export interface SpecEditResult {
  dryRun: boolean;
  baseVersion: number | null;
  /** The saved version (the one it would get, on a dry run). */
  version: number;
  yaml: string;
  spec: Spec;
  diff: SpecDiff;
  summary: string;
  lines: string[];
}

export async function loadCurrentSpec(tx: Tx | Db, fleet: Fleet): Promise<CurrentSpec | null> {
  if (fleet.specVersion === null) return null;
  const [row] = await tx.select({ body: specs.body }).from(specs).where(and(eq(specs.fleetId, fleet.id), eq(specs.version, fleet.specVersion)));
  return row ? { version: fleet.specVersion, spec: row.body } : null;
}

export async function commitSpecEdit(db: Db, actor: Actor, fleetName: string, edit: SpecEdit, now = new Date()): Promise<SpecEditResult> {
  if (!edit.dryRun && edit.baseVersion === undefined) {
    throw badRequest("baseVersion is required to save: preview first (dryRun: true) and send back the baseVersion it answered.");
  }
  const result = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    if (edit.baseVersion !== undefined && edit.baseVersion !== fleet.specVersion) {
      throw conflict(`The spec of "${fleet.name}" is now version ${fleet.specVersion ?? "none"}, not ${edit.baseVersion ?? "none"}: look at the new version and preview again.`);
    }
    const current = await loadCurrentSpec(tx, fleet);
    const spec = await edit.build(current, { tx, fleet });
    const diff = diffSpecs(current?.spec ?? null, spec);
    if (current && diff.changes === 0 && !edit.dryRun) throw badRequest(`Nothing to save: the result is the same as spec version ${current.version}.`);
    const render = (version: number) => edit.yaml?.(version, fleet) ?? renderSpecYaml(spec, { fleet: fleet.name, version, source: edit.source });
    const summary = summarizeSpecDiff(diff);
    const lines = specDiffLines(diff);
    const out = { dryRun: !!edit.dryRun, baseVersion: fleet.specVersion, spec, diff, summary, lines };
    const next = (fleet.specVersion ?? 0) + 1;
    if (edit.dryRun) return { ...out, version: next, yaml: render(next), fleetId: fleet.id };
    // The text saveSpec stores is the answer's: kept from its render rather than read back.
    let yaml = "";
    const version = await saveSpec(tx, actor, fleet, spec, (v) => (yaml = render(v)), edit.source, {
      baseVersion: fleet.specVersion,
      note: edit.note ?? null,
      audit: { base: fleet.specVersion, summary, changes: lines.slice(0, 50) },
      now,
    });
    return { ...out, version, yaml, fleetId: fleet.id };
  });
  const { fleetId, ...answer } = result;
  if (!edit.dryRun) await afterSpecSaved(db, fleetId, now);
  return answer;
}
