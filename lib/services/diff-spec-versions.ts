import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { diffSpecs, specDiffLines, summarizeSpecDiff } from "@/lib/core/spec-diff";
import { badRequest, notFound } from "@/lib/server/errors";
import { findFleet } from "./find-fleet";

/** "Diff between any two versions" of a fleet's spec, from `from` to `to` (either order). */
export async function diffSpecVersions(db: Db, fleetName: string, from: number, to: number) {
  for (const v of [from, to]) if (!Number.isInteger(v) || v < 1) throw badRequest("from and to must be positive integers (spec version numbers).");
  const fleet = await findFleet(db, fleetName);
  const rows = await db.select({ version: specs.version, body: specs.body }).from(specs).where(and(eq(specs.fleetId, fleet.id), inArray(specs.version, [from, to])));
  const of = (v: number) => {
    const row = rows.find((r) => r.version === v);
    if (!row) throw notFound(`Fleet "${fleet.name}" has no spec version ${v}.`);
    return row.body;
  };
  const diff = diffSpecs(of(from), of(to));
  return { fleet: fleet.name, from, to, diff, summary: summarizeSpecDiff(diff), lines: specDiffLines(diff, 2_000) };
}
