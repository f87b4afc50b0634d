import "server-only";
import type { HostEvent } from "@/lib/core/types";
import { and, asc, eq, isNotNull, ne } from "drizzle-orm";
import { fleets, hostHistory, hosts } from "@/db/schema";
import type { Db } from "@/db/client";

/** Up to `limit` hostnames of one fleet that have reported, other than `except`: the diff page's fallback links. */
export async function listComparableHosts(db: Db, fleetName: string, except: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ hostname: hosts.hostname })
    .from(hosts)
    .innerJoin(fleets, eq(fleets.id, hosts.fleetId))
    .where(and(eq(fleets.name, fleetName), isNotNull(hosts.fingerprintHash), ne(hosts.hostname, except)))
    .orderBy(asc(hosts.hostname))
    .limit(limit);
  return rows.map((r) => r.hostname);
}

export interface HistoryPoint {
  hash: string;
  /** When the host got this content (a content it returns to is a new point). */
  at: string;
  event: HostEvent;
}

/**
 * The contents a host had, oldest first: the diff page's from/to pickers. Repeats of the same hash in a row (a
 * rebuild that reported what the host already was) are one point.
 */
export async function listHistoryPoints(db: Db, hostId: number, current: { hash: string | null; since: Date }): Promise<HistoryPoint[]> {
  const rows = await db
    .select({ at: hostHistory.at, event: hostHistory.event, hash: hostHistory.fingerprintHash })
    .from(hostHistory)
    .where(and(eq(hostHistory.hostId, hostId), isNotNull(hostHistory.fingerprintHash)))
    .orderBy(asc(hostHistory.at), asc(hostHistory.id));
  const out: HistoryPoint[] = [];
  for (const r of rows) {
    if (out.length > 0 && out[out.length - 1].hash === r.hash) continue;
    out.push({ hash: r.hash!, at: r.at.toISOString(), event: r.event });
  }
  // A report that raced its own history row: the current content is still a point, dated by the host's last change.
  if (current.hash && out[out.length - 1]?.hash !== current.hash) out.push({ hash: current.hash, at: current.since.toISOString(), event: "fingerprint" });
  return out;
}
