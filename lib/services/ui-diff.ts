import { and, asc, eq, or } from "drizzle-orm";
import { fleets, hostHistory, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { sideBySide } from "@/lib/core/diff";
import { badRequest, notFound } from "@/lib/server/errors";
import { findHost, loadFingerprint } from "./get-host";

/** Hostnames of one fleet that have reported: the diff page's "compare with" picker. */
export async function listComparableHosts(db: Db, fleetName: string): Promise<string[]> {
  const rows = await db
    .select({ hostname: hosts.hostname, fp: hosts.fingerprintHash })
    .from(hosts)
    .innerJoin(fleets, eq(fleets.id, hosts.fleetId))
    .where(eq(fleets.name, fleetName))
    .orderBy(asc(hosts.hostname));
  return rows.filter((r) => r.fp !== null).map((r) => r.hostname);
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Side by side of two fingerprints from one host's history ("what changed" on the timeline). Both hashes must
 * appear in that host's history, so the page cannot be used to read arbitrary fingerprints of other fleets.
 */
export async function diffHostHistory(db: Db, hostname: string, fleetName: string, from: string, to: string) {
  if (!HASH.test(from) || !HASH.test(to)) throw badRequest("from and to must be full sha256 fingerprint hashes.");
  const { host } = await findHost(db, hostname, fleetName);
  const seen = await db
    .select({ fp: hostHistory.fingerprintHash, prev: hostHistory.previousHash })
    .from(hostHistory)
    .where(and(eq(hostHistory.hostId, host.id), or(eq(hostHistory.fingerprintHash, from), eq(hostHistory.fingerprintHash, to), eq(hostHistory.previousHash, from))));
  const known = new Set(seen.flatMap((s) => [s.fp, s.prev]));
  if (!known.has(from) || !known.has(to)) throw notFound(`Host "${hostname}" never had fingerprint ${!known.has(from) ? from.slice(0, 12) : to.slice(0, 12)}.`);
  const [left, right] = [await loadFingerprint(db, from), await loadFingerprint(db, to)];
  if (!left || !right) throw notFound("That fingerprint is no longer stored.");
  return {
    left: { kind: "fingerprint", name: `${from.slice(0, 12)} (before)` },
    right: { kind: "fingerprint", name: `${to.slice(0, 12)} (after)` },
    rows: sideBySide(left, right),
  };
}
