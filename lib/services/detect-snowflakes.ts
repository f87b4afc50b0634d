import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { alertSnowflakeWatch, hosts } from "@/db/schema";
import { rowsOf, type Db } from "@/db/client";
import { analyzeFleet, type FingerprintAnalysis } from "./fleet-analysis";
import { analysisOf } from "./host-analysis";
import { emitAlert } from "./emit-alert";

/** A fleet under constant change is looked at no more often than this. */
export const SNOWFLAKE_CHECK_MS = 5_000;

interface DueFleet {
  fleet_id: number;
  /** The revision the worker's analysis reflects: snowflake flags are read from it. */
  revision: number;
  watched_revision: number | null;
  host_ids: number[] | null;
}

/**
 * New snowflakes, found by comparing each listening fleet's snowflake hosts with the last look, whenever its
 * revision moved. Done here rather than in ingest because snowflake-ness belongs to the cohort: a host can
 * become one because its peers were upgraded, and scoring a cohort on every report would slow ingest down.
 * The first look at a fleet only records what is there.
 */
export async function detectSnowflakes(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - SNOWFLAKE_CHECK_MS).toISOString();
  const due = rowsOf<DueFleet>(
    await db.execute(sql`
      select f.id as fleet_id, f.analyzed_revision as revision, w.revision as watched_revision, w.host_ids
      from fleets f left join alert_snowflake_watch w on w.fleet_id = f.id
      where exists (select 1 from alert_channels c where c.fleet_id = f.id and c.enabled and 'snowflake-new' = any(c.events))
        and (w.fleet_id is null or (w.revision <> f.analyzed_revision and w.checked_at <= ${since}::timestamptz))`),
  );
  let emitted = 0;
  for (const f of due) emitted += await lookAt(db, f, now);
  return emitted;
}

async function lookAt(db: Db, f: DueFleet, now: Date): Promise<number> {
  const analysis = await analyzeFleet(db, f.fleet_id);
  const rows = await db
    .select({ id: hosts.id, hostname: hosts.hostname, hash: hosts.fingerprintHash })
    .from(hosts)
    .where(and(eq(hosts.fleetId, f.fleet_id), isNotNull(hosts.fingerprintHash)));
  const flakes = rows.filter((h) => analysisOf(analysis, h.hash).isSnowflake);
  const hostIds = flakes.map((h) => h.id).sort((a, b) => a - b);
  // Reasons are read before the transaction: on the embedded database a read through `db` inside it would wait
  // for the transaction to end.
  const before = new Set(f.host_ids ?? []);
  const details: Map<string, FingerprintAnalysis> = f.watched_revision === null ? new Map() : await analysis.details(flakes.filter((h) => !before.has(h.id)).map((h) => h.hash!));
  return db.transaction(async (tx) => {
    if (f.watched_revision === null) {
      await tx.insert(alertSnowflakeWatch).values({ fleetId: f.fleet_id, revision: f.revision, hostIds, checkedAt: now }).onConflictDoNothing();
      return 0;
    }
    // Conditional on the revision we compared with: of two app instances looking at once, one reports.
    const [won] = await tx
      .update(alertSnowflakeWatch)
      .set({ revision: f.revision, hostIds, checkedAt: now })
      .where(and(eq(alertSnowflakeWatch.fleetId, f.fleet_id), eq(alertSnowflakeWatch.revision, f.watched_revision)))
      .returning({ fleetId: alertSnowflakeWatch.fleetId });
    if (!won) return 0;
    const fresh = flakes.filter((h) => !before.has(h.id));
    for (const h of fresh) {
      const s = details.get(h.hash!)?.snowflake ?? { score: analysis.rows.get(h.hash!)!.score, reasons: [] };
      await emitAlert(tx, {
        fleetId: f.fleet_id,
        kind: "snowflake-new",
        subject: h.hostname,
        at: now,
        detail: { hostname: h.hostname, score: Math.round(s.score * 100) / 100, reasons: s.reasons.slice(0, 3).map((r) => r.explain), fingerprint: h.hash },
      });
    }
    return fresh.length;
  });
}


