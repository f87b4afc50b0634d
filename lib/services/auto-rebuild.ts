import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { downgradesOf } from "@/lib/core/downgrades";
import { SYSTEM, writeAudit } from "./audit";
import { checkAutoRebuild } from "./check-auto-rebuild";
import { analyzeFleet } from "./fleet-analysis";
import { busyHosts, createRequest } from "./request-rebuild";

/**
 * "Automatic deploys": an immutable fleet whose policy says so rebuilds every host that does not match a new
 * spec version without waiting for a person. The request is still recorded, audited and verified.
 */
export async function maybeAutoRebuild(db: Db, fleetId: number, now = new Date()) {
  const [fleet] = await db.select().from(fleets).where(eq(fleets.id, fleetId));
  if (!fleet || fleet.strategy !== "immutable" || !fleet.autoRebuild || !fleet.provider || fleet.specVersion === null) return null;
  const approval = await checkAutoRebuild(db, fleet);
  if (!approval.ok) {
    await writeAudit(db, SYSTEM, "rebuild.auto-refused", fleet.name, { specVersion: fleet.specVersion, reason: approval.reason });
    return null;
  }
  const analysis = await analyzeFleet(db, fleetId);
  const rows = await db
    .select({ id: hosts.id, hostname: hosts.hostname, fingerprint: hosts.fingerprintHash })
    .from(hosts)
    .where(and(eq(hosts.fleetId, fleetId), isNotNull(hosts.fingerprintHash)));
  // Judged against the new spec right now (the worker's drift counts may still be those of the previous version).
  const details = await analysis.details([...new Set(rows.map((h) => h.fingerprint!))]);
  const all = rows.filter((h) => (details.get(h.fingerprint!)?.drift?.length ?? 0) > 0).sort((a, b) => a.hostname.localeCompare(b.hostname));
  // Nobody is there to confirm a downgrade: a host ahead of the new spec is left for a person to decide.
  const ahead = all.filter((h) => downgradesOf(h.hostname, details.get(h.fingerprint!)!.drift!).length > 0);
  if (ahead.length) {
    await writeAudit(db, SYSTEM, "rebuild.auto-skipped-downgrade", fleet.name, { hosts: ahead.slice(0, 50).map((h) => h.hostname), count: ahead.length, specVersion: fleet.specVersion });
  }
  const drifted = all.filter((h) => !ahead.includes(h));
  if (!drifted.length) return null;
  return db.transaction(async (tx) => {
    // A host another request holds is left to it (one rebuild at a time per host); the next spec version's run takes it.
    const busy = await busyHosts(tx, drifted.map((h) => h.id));
    const free = drifted.filter((h) => !busy.has(h.id));
    if (!free.length) return null;
    return createRequest(tx, SYSTEM, {
      fleet,
      hosts: free,
      reason: `Automatic rebuild to spec v${fleet.specVersion} (fleet policy: rebuild on every new spec version)`,
      requestedBy: SYSTEM.name,
      requestedByName: "automatic deploy",
      now,
      autoApprove: true,
    });
  });
}
