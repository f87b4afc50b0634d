import "server-only";
import type { HostEvent } from "@/lib/core/types";
import { count, desc, eq } from "drizzle-orm";
import { hostEvents } from "@/db/schema";
import type { Db } from "@/db/client";
import { diffFingerprints, sideBySide } from "@/lib/core/diff";
import { countChanges, describeChanges, type ChangeCounts } from "@/lib/core/diff-summary";
import { describeIdentityEvent } from "@/lib/core/host-identity";
import type { Fingerprint } from "@/lib/core/types";
import { badRequest } from "@/lib/server/errors";
import { findHost, loadFingerprint } from "./get-host";

export const MAX_HISTORY_ENTRIES = 1000;

export interface HostHistoryEntry {
  /** Usable as from/to of GET /hosts/{hostname}/diff; the enrolment's is minus the host's id (it holds no content). */
  id: number;
  at: string;
  event: HostEvent;
  fingerprint: string | null;
  previous: string | null;
  /** previous → fingerprint; null when the entry does not hold two contents (enrolment, a rebuild before its report, the first report). */
  changes: ChangeCounts | null;
  /** What the change did ("3 packages upgraded"), or what an identity event changed ("was web-02"). */
  summary: string | null;
  /** What an identity event recorded: {previousMachineId, machineId} for "replaced", {previousHostname, hostname} for "renamed". */
  detail: Record<string, unknown> | null;
}

/**
 * A host's fingerprint timeline, oldest first, each change counted against the content before it. The newest
 * `limit` entries are returned (`total` says how many there are). Entries follow each other, so the content an
 * entry changes from is nearly always the one the entry before it changed to: a two-slot cache loads each
 * fingerprint once and never holds more than two (~100 KiB each) at a time.
 */
export async function listHostHistory(db: Db, hostname: string, fleetName: string | undefined, limit = 200) {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_ENTRIES) throw badRequest(`limit must be a whole number from 1 to ${MAX_HISTORY_ENTRIES}.`);
  const { host, fleet } = await findHost(db, hostname, fleetName);
  const [{ n }] = await db.select({ n: count() }).from(hostEvents).where(eq(hostEvents.hostId, host.id));
  const newest = await db
    .select({ id: hostEvents.id, at: hostEvents.at, event: hostEvents.event, fingerprint: hostEvents.fingerprintHash, previous: hostEvents.previousHash, detail: hostEvents.detail })
    .from(hostEvents)
    .where(eq(hostEvents.hostId, host.id))
    .orderBy(desc(hostEvents.at), desc(hostEvents.id))
    .limit(limit);
  const rows = newest.reverse();

  const cache = new Map<string, Fingerprint | null>();
  const load = async (hash: string) => {
    if (cache.has(hash)) return cache.get(hash)!;
    const fp = await loadFingerprint(db, hash);
    if (cache.size >= 2) cache.delete(cache.keys().next().value!);
    cache.set(hash, fp);
    return fp;
  };

  const entries: HostHistoryEntry[] = [];
  for (const r of rows) {
    let changes: ChangeCounts | null = null;
    if (r.fingerprint && r.previous && r.fingerprint !== r.previous) {
      const before = await load(r.previous);
      const after = await load(r.fingerprint);
      if (before && after) changes = countChanges(sideBySide(before, after), diffFingerprints(before, after).os.length);
    }
    entries.push({ ...r, at: r.at.toISOString(), changes, summary: changes ? describeChanges(changes) : describeIdentityEvent(r.event, r.detail) });
  }
  return { hostname: host.hostname, fleet: fleet.name, current: host.fingerprintHash, total: Number(n), entries };
}
