import { asc, eq } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { computeFleetMetrics, driftHistogram } from "@/lib/core/fleet-metrics";
import type { Strategy } from "@/lib/core/types";
import { analyzeFleet } from "./analyze-fleet";

export interface FleetSummary {
  id: number;
  name: string;
  strategy: Strategy;
  specVersion: number | null;
  hosts: number; // enrolled
  reporting: number; // have sent a fingerprint
  conforming: number | null;
  conformingPct: number | null;
  snowflakes: number;
  distinctFingerprints: number;
  distinctPer100: number | null;
  medianDrift: number | null;
  medianAgeDays: number | null;
  histogram: { bucket: string; hosts: number }[];
}

export async function listFleets(db: Db, now = new Date()): Promise<FleetSummary[]> {
  const all = await db.select().from(fleets).orderBy(asc(fleets.name));
  const out: FleetSummary[] = [];
  for (const f of all) out.push(await summarizeFleet(db, f, now));
  return out;
}

export async function summarizeFleet(
  db: Db,
  f: { id: number; name: string; strategy: Strategy; specVersion: number | null },
  now = new Date(),
): Promise<FleetSummary> {
  const analysis = await analyzeFleet(db, f.id);
  const rows = await db.select({ hash: hosts.fingerprintHash, lastBuilt: hosts.lastBuilt }).from(hosts).where(eq(hosts.fleetId, f.id));
  const reported = rows.filter((r) => r.hash !== null);
  const perHost = reported.map((r) => {
    const a = analysis.byHash.get(r.hash as string);
    return {
      fingerprintHash: r.hash as string,
      driftCount: a?.drift ? a.drift.length : null,
      isSnowflake: a?.snowflake.isSnowflake ?? false,
      lastBuiltAt: r.lastBuilt,
    };
  });
  const m = computeFleetMetrics({ now, hosts: perHost });
  const counts = perHost.map((h) => h.driftCount).filter((c): c is number => c !== null);
  return {
    id: f.id,
    name: f.name,
    strategy: f.strategy,
    specVersion: f.specVersion,
    hosts: rows.length,
    reporting: reported.length,
    conforming: m.conforming,
    conformingPct: m.conformingPct,
    snowflakes: m.snowflakes,
    distinctFingerprints: m.distinctFingerprints,
    distinctPer100: m.distinctPer100,
    medianDrift: m.medianDrift,
    medianAgeDays: m.medianAgeDays,
    histogram: driftHistogram(counts),
  };
}
