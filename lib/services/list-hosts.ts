import { asc, eq } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Strategy } from "@/lib/core/types";
import { analyzeFleet } from "./analyze-fleet";

export interface HostFilter {
  fleet?: string;
  drifted?: boolean;
  snowflake?: boolean;
  q?: string; // hostname substring
}

export interface HostRow {
  id: number;
  hostname: string;
  fleet: string;
  strategy: Strategy;
  fingerprint: string | null;
  machineId: string | null;
  lastSeen: string | null;
  lastChanged: string | null;
  lastBuilt: string;
  /** null: the fleet has no spec yet, or the host has not reported. */
  driftCount: number | null;
  snowflakeScore: number;
  isSnowflake: boolean;
  /** How many hosts of the fleet share this exact fingerprint. */
  sharedBy: number;
}

export async function listHosts(db: Db, filter: HostFilter = {}): Promise<HostRow[]> {
  const base = db
    .select({
      id: hosts.id,
      hostname: hosts.hostname,
      fleetId: hosts.fleetId,
      fleet: fleets.name,
      strategy: fleets.strategy,
      fingerprint: hosts.fingerprintHash,
      machineId: hosts.machineId,
      lastSeen: hosts.lastSeen,
      lastChanged: hosts.lastChanged,
      lastBuilt: hosts.lastBuilt,
    })
    .from(hosts)
    .innerJoin(fleets, eq(fleets.id, hosts.fleetId));
  const rows = await (filter.fleet ? base.where(eq(fleets.name, filter.fleet)) : base).orderBy(asc(fleets.name), asc(hosts.hostname));
  const analyses = new Map<number, Awaited<ReturnType<typeof analyzeFleet>>>();
  for (const id of new Set(rows.map((r) => r.fleetId))) analyses.set(id, await analyzeFleet(db, id));
  const q = filter.q?.toLowerCase();
  const out: HostRow[] = [];
  for (const r of rows) {
    const a = r.fingerprint ? analyses.get(r.fleetId)?.byHash.get(r.fingerprint) : undefined;
    const row: HostRow = {
      id: r.id,
      hostname: r.hostname,
      fleet: r.fleet,
      strategy: r.strategy,
      fingerprint: r.fingerprint,
      machineId: r.machineId,
      lastSeen: r.lastSeen?.toISOString() ?? null,
      lastChanged: r.lastChanged?.toISOString() ?? null,
      lastBuilt: r.lastBuilt.toISOString(),
      driftCount: a?.drift ? a.drift.length : null,
      snowflakeScore: a ? round(a.snowflake.score) : 0,
      isSnowflake: a?.snowflake.isSnowflake ?? false,
      sharedBy: a?.hosts ?? 0,
    };
    if (q && !row.hostname.toLowerCase().includes(q)) continue;
    if (filter.drifted !== undefined && (row.driftCount !== null && row.driftCount > 0) !== filter.drifted) continue;
    if (filter.snowflake !== undefined && row.isSnowflake !== filter.snowflake) continue;
    out.push(row);
  }
  return out;
}

const round = (n: number) => Math.round(n * 100) / 100;
