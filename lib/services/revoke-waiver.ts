import "server-only";
import type { Db } from "@/db/client";
import type { Waiver } from "@/lib/core/types";
import { waiverTarget, withoutWaiver } from "@/lib/core/waivers";
import { badRequest, notFound } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { commitSpecEdit } from "./edit-spec";

export interface RevokeInput {
  target: Pick<Waiver, "path" | "package">;
  reason?: string | null;
  baseVersion?: number | null;
  dryRun?: boolean;
}

/** Revokes the waiver on a package or path: a new spec version without it, so that drift counts again. */
export async function revokeWaiver(db: Db, actor: Actor, fleetName: string, input: RevokeInput, now = new Date()) {
  const what = waiverTarget(input.target);
  return commitSpecEdit(
    db,
    actor,
    fleetName,
    {
      source: "revoke-waiver",
      note: `revoked the waiver of ${what}${input.reason ? `: ${input.reason}` : ""}`,
      baseVersion: input.baseVersion,
      dryRun: input.dryRun,
      build: (cur, { fleet }) => {
        if (!cur) throw badRequest(`Fleet "${fleet.name}" has no spec yet.`);
        const next = withoutWaiver(cur.spec, input.target);
        if (!next) throw notFound(`Spec v${cur.version} of "${fleet.name}" has no waiver of ${what}.`);
        return next;
      },
    },
    now,
  );
}
