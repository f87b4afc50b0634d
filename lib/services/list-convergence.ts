import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, or, sql } from "drizzle-orm";
import { fleetSnapshots, fleets, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { convergeTable, describeConverge, type ConvergeRow, type ConvergeSnapshot } from "@/lib/core/history-converge";
import type { Strategy } from "@/lib/core/types";
import { findFleet } from "./find-fleet";

export interface ConvergeView extends ConvergeRow {
  /** "1 d 14 h", "not yet (22 of 24)", "never (31 of 40 when v3 came)". */
  text: string;
}

export interface FleetConvergence {
  fleet: string;
  strategy: Strategy;
  specVersion: number | null;
  /** Newest version first; at most `limit`. */
  versions: ConvergeView[];
}

/**
 * Time to converge after each spec version, per fleet (all fleets, or one). Only three trend points per
 * version can matter (its first, its first fully conforming, its last), so the database ranks them and returns
 * just those: a year of ten-minute snapshots costs a few rows per version here.
 */
export async function listConvergence(db: Db, opts: { fleet?: string; limit?: number } = {}): Promise<FleetConvergence[]> {
  const scope = opts.fleet ? [await findFleet(db, opts.fleet)] : await db.select().from(fleets).orderBy(asc(fleets.name));
  if (scope.length === 0) return [];
  const ids = scope.map((f) => f.id);
  const s = fleetSnapshots;
  const part = sql`partition by ${s.fleetId}, ${s.specVersion}`;
  const ranked = db
    .select({
      fleetId: s.fleetId,
      takenAt: s.takenAt,
      hosts: s.hosts,
      conforming: s.conforming,
      specVersion: s.specVersion,
      firstRank: sql<number>`row_number() over (${part} order by ${s.takenAt})`.as("first_rank"),
      lastRank: sql<number>`row_number() over (${part} order by ${s.takenAt} desc)`.as("last_rank"),
      doneRank: sql<number>`row_number() over (${part}, (${s.hosts} > 0 and ${s.conforming} = ${s.hosts}) order by ${s.takenAt})`.as("done_rank"),
    })
    .from(s)
    .where(and(inArray(s.fleetId, ids), isNotNull(s.specVersion)))
    .as("ranked");
  const points = await db
    .select({ fleetId: ranked.fleetId, takenAt: ranked.takenAt, hosts: ranked.hosts, conforming: ranked.conforming, specVersion: ranked.specVersion })
    .from(ranked)
    .where(or(eq(ranked.firstRank, 1), eq(ranked.lastRank, 1), and(eq(ranked.doneRank, 1), gt(ranked.hosts, 0), eq(ranked.conforming, ranked.hosts))));
  const versions = await db.select({ fleetId: specs.fleetId, version: specs.version, createdAt: specs.createdAt }).from(specs).where(inArray(specs.fleetId, ids));

  return scope.map((f) => {
    const mine: ConvergeSnapshot[] = points.filter((p) => p.fleetId === f.id).map((p) => ({ ...p, takenAt: new Date(p.takenAt) }));
    const rows = convergeTable(mine, versions.filter((v) => v.fleetId === f.id));
    const limited = opts.limit === undefined ? rows : rows.slice(0, opts.limit);
    return { fleet: f.name, strategy: f.strategy, specVersion: f.specVersion, versions: limited.map((r) => ({ ...r, text: describeConverge(r) })) };
  });
}
