import "server-only";
import type { Db } from "@/db/client";
import type { DriftKind, Waiver } from "@/lib/core/types";
import { isWaiverActive, waiverTarget, waiverTargetOf, withWaiver } from "@/lib/core/waivers";
import { badRequest } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { commitSpecEdit } from "./edit-spec";

export interface WaiveInput {
  kind: DriftKind;
  subject: string;
  reason: string;
  /** Last day (UTC) the waiver holds, YYYY-MM-DD; none: until revoked. */
  until?: string | null;
  baseVersion?: number | null;
  dryRun?: boolean;
}

/**
 * Waives one drift item: a new spec version with a waiver on its package (any drift of it) or path, the reason as
 * the version's note. Waiving a target again renews it (new reason, new expiry).
 */
export async function waiveDrift(db: Db, actor: Actor, fleetName: string, input: WaiveInput, now = new Date()) {
  const waiver: Waiver = { ...waiverTargetOf(input), reason: input.reason.trim(), by: actor.name };
  if (input.until) waiver.until = input.until;
  if (!isWaiverActive(waiver, now)) throw badRequest(`until ${input.until} is in the past: a waiver needs a last day of today or later (UTC).`);
  const result = await commitSpecEdit(
    db,
    actor,
    fleetName,
    {
      source: "waive",
      note: `waived ${waiverTarget(waiver)}: ${waiver.reason}`,
      baseVersion: input.baseVersion,
      dryRun: input.dryRun,
      build: (cur, { fleet }) => {
        if (!cur) throw badRequest(`Fleet "${fleet.name}" has no spec yet: there is no drift to waive.`);
        return withWaiver(cur.spec, waiver);
      },
    },
    now,
  );
  return { ...result, waiver };
}
