import "server-only";
import type { Db } from "@/db/client";
import type { DriftItem, DriftKind } from "@/lib/core/types";
import { and, eq, inArray } from "drizzle-orm";
import { hosts } from "@/db/schema";
import { analyzeFleet } from "@/lib/services/fleet-analysis";
import { findFleet } from "@/lib/services/find-fleet";

const TOP = 3;

/** A host's drift in brief, as the rebuild queue shows it beside a pending request. */
export interface HostDrift {
  count: number | null; // null: not reported, or no spec
  byKind: Partial<Record<DriftKind, number>>;
  top: { kind: DriftKind; subject: string; expected: string | null; actual: string | null; direction?: "behind" | "ahead" }[];
}

/**
 * The drift that motivates a pending request, per host: counts by kind and the first few items. Only the named
 * hosts are read, and each distinct fingerprint among them is analysed once.
 */
export async function listHostsDrift(db: Db, wanted: { fleet: string; hostnames: string[] }[]): Promise<Record<string, Record<string, HostDrift>>> {
  const byFleet = new Map<string, Set<string>>();
  for (const w of wanted) byFleet.set(w.fleet, new Set([...(byFleet.get(w.fleet) ?? []), ...w.hostnames]));
  const out: Record<string, Record<string, HostDrift>> = {};
  for (const [fleetName, names] of byFleet) {
    const fleet = await findFleet(db, fleetName);
    const analysis = await analyzeFleet(db, fleet.id);
    const rows = await db
      .select({ hostname: hosts.hostname, fingerprint: hosts.fingerprintHash })
      .from(hosts)
      .where(and(eq(hosts.fleetId, fleet.id), inArray(hosts.hostname, [...names])));
    const details = await analysis.details(rows.flatMap((h) => (h.fingerprint ? [h.fingerprint] : [])));
    const of: Record<string, HostDrift> = (out[fleetName] = {});
    for (const h of rows) {
      const drift = h.fingerprint ? (details.get(h.fingerprint)?.drift ?? null) : null;
      of[h.hostname] = summarize(drift);
    }
  }
  return out;
}

function summarize(drift: DriftItem[] | null): HostDrift {
  if (drift === null) return { count: null, byKind: {}, top: [] };
  const byKind: Partial<Record<DriftKind, number>> = {};
  for (const d of drift) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
  return { count: drift.length, byKind, top: drift.slice(0, TOP).map(({ kind, subject, expected, actual, direction }) => ({ kind, subject, expected, actual, ...(direction ? { direction } : {}) })) };
}
