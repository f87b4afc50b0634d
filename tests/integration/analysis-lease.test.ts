// Two app instances (two connection pools) against one PostgreSQL: a fleet's analysis is done by one of them at a
// time (lease-analysis.ts), the other skips it without reading, and what they apply between them is counted once.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, rowsOf } from "@/db/client";
import { fleetFingerprints, fleets } from "@/db/schema";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { SYSTEM } from "@/lib/services/audit";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { leaseAnalysis, releaseAnalysis } from "@/lib/services/lease-analysis";
import { createScratchDb } from "./support/pg";
import { EXTRAS, host, install, report } from "./support/reports";

let scratch: Awaited<ReturnType<typeof createScratchDb>>;
let a: Awaited<ReturnType<typeof openDb>>;
let b: Awaited<ReturnType<typeof openDb>>;
let fleetId: number;
let secret: string;

const addHosts = async (from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const { hostKey } = await enrollHost(a.db, null, { secret, hostname: `h${i}`, machineId: null });
    const h = host(`h${i}`);
    if (i % 3 === 0) install(h, EXTRAS.redis);
    await ingestFingerprint(a.db, await authenticateHost(a.db, hostKey), report(h));
  }
};
const fleetRow = async () => (await a.db.select().from(fleets).where(eq(fleets.id, fleetId)))[0];
const counted = async () => Number(rowsOf<{ n: number }>(await a.db.execute(sql`select coalesce(sum(hosts), 0)::int as n from fleet_fingerprints where fleet_id = ${fleetId}`))[0].n);

beforeAll(async () => {
  scratch = await createScratchDb("fp_lease");
  a = await openDb({ kind: "postgres", url: scratch.url });
  b = await openDb({ kind: "postgres", url: scratch.url });
  ({ id: fleetId } = await createFleet(a.db, SYSTEM, { name: "web", strategy: "mutable" }));
  ({ secret } = await createEnrollSecret(a.db, SYSTEM, "web"));
  await addHosts(0, 6);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await scratch?.drop();
});

it("skips a fleet another instance is analysing, then takes it once the lease is given back", async () => {
  expect(await leaseAnalysis(a.db, fleetId)).toBe(true);
  expect(await leaseAnalysis(a.db, fleetId)).toBe(true); // its holder may extend it
  expect(await leaseAnalysis(b.db, fleetId)).toBe(false);
  const behind = await fleetRow();
  expect(behind.analyzedRevision).not.toBe(behind.revision);
  const rows = () => a.db.select().from(fleetFingerprints).where(eq(fleetFingerprints.fleetId, fleetId)).orderBy(fleetFingerprints.hash);
  const before = await rows();
  // B's worker finds the fleet behind but leased: it reads and writes nothing.
  expect(await refreshFleetAnalysis(b.db, fleetId)).toBe(false);
  expect((await fleetRow()).analyzedRevision).toBe(behind.analyzedRevision);
  expect(await rows()).toEqual(before);

  await releaseAnalysis(b.db, fleetId); // not B's to give back: still A's
  expect(await leaseAnalysis(b.db, fleetId)).toBe(false);
  await releaseAnalysis(a.db, fleetId);
  expect(await refreshFleetAnalysis(b.db, fleetId)).toBe(true);
  const done = await fleetRow();
  expect(done.analyzedRevision).toBe(done.revision);
  expect(done.analysisLeaseBy).toBeNull(); // given back when the refresh ended
  expect(await counted()).toBe(6);
});

it("takes over a lease that ran out (its holder went away)", async () => {
  expect(await leaseAnalysis(a.db, fleetId)).toBe(true);
  await a.db.update(fleets).set({ analysisLeaseUntil: sql`now() - interval '1 second'` }).where(eq(fleets.id, fleetId));
  await addHosts(6, 9);
  expect(await refreshFleetAnalysis(b.db, fleetId)).toBe(true);
  expect(await counted()).toBe(9);
});

it("counts every host once when both instances refresh at the same time", async () => {
  await addHosts(9, 15);
  await Promise.all([refreshFleetAnalysis(a.db, fleetId), refreshFleetAnalysis(b.db, fleetId)]);
  // Whoever did it (the loser of the lease may find the fleet behind again), the counts are the hosts.
  await refreshFleetAnalysis(a.db, fleetId);
  expect(await counted()).toBe(15);
  const done = await fleetRow();
  expect(done.analyzedRevision).toBe(done.revision);
});
