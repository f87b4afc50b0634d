import "server-only";
// A waiver that expires changes drift without a new spec version, but drift is cached per fingerprint and spec
// version. The worker looks for expiries of current specs since its last look and marks those fleets' drift stale.
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { fleetFingerprints, fleets, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Waiver } from "@/lib/core/types";
import { expiriesBetween } from "@/lib/core/waivers";
import { SYSTEM, writeAudit } from "./audit";

type SpecWaivers = { created: Date; waivers: Waiver[] };
// Spec versions never change, so their waivers are read once per process (a spec body can be megabytes).
const g = globalThis as unknown as { __fleetprintSpecWaivers?: Map<string, SpecWaivers> };
const cache = (g.__fleetprintSpecWaivers ??= new Map());

async function waiversOf(db: Db, fleetId: number, version: number): Promise<SpecWaivers> {
  const key = `${fleetId}:${version}`;
  let e = cache.get(key);
  if (!e) {
    const [row] = await db.select({ waivers: sql<Waiver[] | null>`${specs.body}->'waivers'`, created: specs.createdAt }).from(specs).where(and(eq(specs.fleetId, fleetId), eq(specs.version, version)));
    const waivers = typeof row?.waivers === "string" ? (JSON.parse(row.waivers) as Waiver[]) : (row?.waivers ?? []);
    e = { created: row?.created ?? new Date(0), waivers };
    if (cache.size > 10_000) cache.clear();
    cache.set(key, e);
  }
  return e;
}

/** Returns the names of the fleets whose drift it marked stale. */
export async function expireWaivers(db: Db, now = new Date()): Promise<string[]> {
  const list = await db.select({ id: fleets.id, name: fleets.name, version: fleets.specVersion, checked: fleets.waiversCheckedAt }).from(fleets).where(isNotNull(fleets.specVersion));
  const done: string[] = [];
  for (const r of list) {
    const { created, waivers } = await waiversOf(db, r.id, r.version!);
    // Drift computed before the spec existed cannot be stale because of it: look from the later of the two.
    const after = r.checked && r.checked > created ? r.checked : created;
    const expired = expiriesBetween(waivers, after, now);
    if (!expired.length) continue;
    const marked = await db.transaction(async (tx) => {
      // Several instances see the same expiry; the one whose update still finds the old mark does the work.
      const [won] = await tx
        .update(fleets)
        .set({ waiversCheckedAt: now, revision: sql`${fleets.revision} + 1` })
        .where(and(eq(fleets.id, r.id), eq(fleets.specVersion, r.version!), r.checked === null ? isNull(fleets.waiversCheckedAt) : eq(fleets.waiversCheckedAt, r.checked)))
        .returning({ id: fleets.id });
      if (!won) return false;
      await tx.update(fleetFingerprints).set({ driftSpecVersion: null }).where(eq(fleetFingerprints.fleetId, r.id));
      await writeAudit(tx, SYSTEM, "spec.waiver-expired", r.name, { specVersion: r.version, expiredAt: expired.map((d) => d.toISOString()) });
      return true;
    });
    if (marked) done.push(r.name);
  }
  return done;
}
