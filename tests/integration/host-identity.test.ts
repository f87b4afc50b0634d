// Host identity in-process on both drivers: replacement, rename, conflicts, the issuing secret, key revocation,
// deletion and a secret revoked with its keys. Every key that stops working must get 401 on the very next
// request, also on PGlite where host-key lookups are cached in memory.
import { and, asc, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, fleets, hostEvents, hosts } from "@/db/schema";
import { SYSTEM, type Actor } from "@/lib/services/audit";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { deleteHost } from "@/lib/services/delete-host";
import { enrollHost } from "@/lib/services/enroll-host";
import { getHost } from "@/lib/services/get-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listHostHistory } from "@/lib/services/list-host-history";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { revokeEnrollSecret } from "@/lib/services/revoke-enroll-secret";
import { revokeHostKey } from "@/lib/services/revoke-host-key";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { host, report } from "./support/reports";

const ADMIN: Actor = { name: "ada@identity.test", ip: "127.0.0.1" };

describe.each(DRIVERS)("host identity on %s", (kind) => {
  let t: TestDb;
  let secret = "";
  let secretId = 0;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "idf", strategy: "immutable" });
    ({ secret, id: secretId } = await createEnrollSecret(t.db, SYSTEM, "idf"));
  });
  afterAll(async () => {
    if (t) await flushLastSeen(t.db); // last_seen is written behind: before the database goes
    await t?.close();
  });

  const enroll = (hostname: string, machineId: string | null, s = secret) => enrollHost(t.db, null, { secret: s, hostname, machineId });
  /** Authenticates and reports from machine `machineId`, as the report route does (which fills the PGlite auth cache). */
  const send = async (key: string, hostname: string, machineId: string) => {
    const h = host(hostname);
    h.machineId = machineId;
    return ingestFingerprint(t.db, await authenticateHost(t.db, key), report(h));
  };
  const refused = (key: string) => expect(authenticateHost(t.db, key)).rejects.toMatchObject({ code: "unauthorized" });
  const row = async (id: number) => (await t.db.select().from(hosts).where(eq(hosts.id, id)))[0];
  const events = async (id: number) => t.db.select().from(hostEvents).where(eq(hostEvents.hostId, id)).orderBy(asc(hostEvents.at), asc(hostEvents.id));
  const lastAudit = async (action: string) => (await t.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1))[0];

  it("a new machine under a known hostname replaces it: same record, old key refused at once, recorded", async () => {
    const first = await enroll("r-01", "aaaa0001");
    await send(first.hostKey, "r-01", "aaaa0001");
    await send(first.hostKey, "r-01", "aaaa0001"); // answered from the cache on PGlite
    const second = await enroll("r-01", "bbbb0002");
    expect(second.hostId).toBe(first.hostId);
    await refused(first.hostKey);
    expect((await send(second.hostKey, "r-01", "bbbb0002")).hostId).toBe(first.hostId);
    expect((await row(first.hostId)).machineId).toBe("bbbb0002");
    const replaced = (await events(first.hostId)).filter((e) => e.event === "replaced");
    expect(replaced.map((e) => e.detail)).toEqual([{ previousMachineId: "aaaa0001", machineId: "bbbb0002" }]);
    expect(await lastAudit("host.replace")).toMatchObject({ actor: "host:r-01", subject: "r-01", detail: expect.objectContaining({ previousMachineId: "aaaa0001", machineId: "bbbb0002" }) });
    const page = await getHost(t.db, "r-01", "idf");
    expect(page.lastIdentity).toMatchObject({ event: "replaced" });
    const timeline = await listHostHistory(t.db, "r-01", "idf");
    expect(timeline.entries.find((e) => e.event === "replaced")?.summary).toMatch(/machine id aaaa0001 → bbbb0002/);
  });

  it("the same or no machine id is a plain re-enrolment, with no identity event", async () => {
    const a = await enroll("r-02", "cccc0003");
    const b = await enroll("r-02", "cccc0003");
    const c = await enroll("r-02", null);
    expect(new Set([a.hostId, b.hostId, c.hostId]).size).toBe(1);
    expect((await events(a.hostId)).map((e) => e.event)).toEqual(["enrolled"]);
    expect((await row(a.hostId)).machineId).toBe("cccc0003");
    expect(await lastAudit("host.re-enroll")).toMatchObject({ subject: "r-02" });
    expect((await getHost(t.db, "r-02", "idf")).lastIdentity).toMatchObject({ event: "enrolled" });
  });

  it("a known machine under a new hostname renames its record instead of making a second one", async () => {
    const old = await enroll("n-old", "dddd0004");
    await send(old.hostKey, "n-old", "dddd0004");
    const renamed = await enroll("n-new", "dddd0004");
    expect(renamed.hostId).toBe(old.hostId);
    expect((await row(old.hostId)).hostname).toBe("n-new");
    expect(await t.db.select().from(hosts).where(eq(hosts.hostname, "n-old"))).toHaveLength(0);
    await refused(old.hostKey);
    await send(renamed.hostKey, "n-new", "dddd0004");
    expect((await events(old.hostId)).find((e) => e.event === "renamed")?.detail).toEqual({ previousHostname: "n-old", hostname: "n-new" });
    expect(await lastAudit("host.rename")).toMatchObject({ subject: "n-new", detail: expect.objectContaining({ previousHostname: "n-old" }) });
  });

  it("a machine claiming another record's hostname gets 409 and nothing changes", async () => {
    const one = await enroll("c-1", "eeee0005");
    const two = await enroll("c-2", "ffff0006");
    await send(one.hostKey, "c-1", "eeee0005");
    await send(two.hostKey, "c-2", "ffff0006");
    await expect(enroll("c-1", "ffff0006")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/enrolled as host "c-2".*"c-1" is another host/) });
    expect((await send(one.hostKey, "c-1", "eeee0005")).hostId).toBe(one.hostId);
    expect((await send(two.hostKey, "c-2", "ffff0006")).hostId).toBe(two.hostId);
    expect((await row(one.hostId)).machineId).toBe("eeee0005");
  });

  it("records the secret that issued the current key, at every enrolment", async () => {
    const other = await createEnrollSecret(t.db, SYSTEM, "idf");
    const a = await enroll("s-1", "abab0007");
    expect((await row(a.hostId)).enrollSecretId).toBe(secretId);
    await enroll("s-1", "abab0007", other.secret);
    expect((await row(a.hostId)).enrollSecretId).toBe(other.id);
  });

  it("concurrent first enrolments of one hostname make one record; only the last key works", async () => {
    const all = await Promise.all(Array.from({ length: 5 }, () => enroll("herd-1", "cdcd0008")));
    expect(new Set(all.map((r) => r.hostId)).size).toBe(1);
    expect(await t.db.select().from(hosts).where(eq(hosts.hostname, "herd-1"))).toHaveLength(1);
    expect((await events(all[0].hostId)).map((e) => e.event)).toEqual(["enrolled"]);
    const working = (await Promise.allSettled(all.map((r) => authenticateHost(t.db, r.hostKey)))).filter((r) => r.status === "fulfilled");
    expect(working).toHaveLength(1);
  });

  it("a herd of enrolments (written in batches) keeps every identity rule", async () => {
    const known = await enroll("m-known", "abcd9001");
    const moved = await enroll("m-old", "abcd9002");
    const other = await createEnrollSecret(t.db, SYSTEM, "idf");
    const fresh = Array.from({ length: 40 }, (_, i) => `m-new-${i}`);
    const [news, again, renamed, twinA, twinB, unknown] = await Promise.all([
      Promise.all(fresh.map((n, i) => enroll(n, `9999${String(i).padStart(4, "0")}`, i % 2 ? other.secret : secret))),
      enroll("m-known", "abcd9001"),
      enroll("m-renamed", "abcd9002"),
      enroll("m-twin-a", "abcd9003"),
      enroll("m-twin-b", "abcd9003"),
      enroll("m-nobody", "abcd9004", "fps_not-a-secret").catch((e) => e),
    ]);
    expect(new Set(news.map((r) => r.hostId)).size).toBe(40);
    for (const [i, r] of news.entries()) {
      expect(await row(r.hostId)).toMatchObject({ hostname: fresh[i], machineId: `9999${String(i).padStart(4, "0")}`, enrollSecretId: i % 2 ? other.id : secretId });
      expect((await events(r.hostId)).map((e) => `${e.event} ${e.hostId}`)).toEqual([`enrolled ${r.hostId}`]);
    }
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "host.enroll"), eq(auditLog.subject, "m-new-3")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "host:m-new-3", detail: { fleetId: expect.any(Number), machineId: "99990003", enrollSecretId: other.id } });
    expect(again.hostId).toBe(known.hostId);
    expect(renamed.hostId).toBe(moved.hostId);
    expect((await row(moved.hostId)).hostname).toBe("m-renamed");
    // One machine under two new names at once: one record, under the name enrolled last.
    expect(twinB.hostId).toBe(twinA.hostId);
    expect(await t.db.select().from(hosts).where(eq(hosts.machineId, "abcd9003"))).toHaveLength(1);
    expect(unknown).toMatchObject({ code: "unauthorized" });
    await refused(known.hostKey);
    for (const r of [...news, again, renamed, twinB]) expect((await authenticateHost(t.db, r.hostKey)).id).toBe(r.hostId);
  });

  it("an admin revokes one host's key: 401 at once, recorded, and the host can enroll again", async () => {
    const k = await enroll("k-1", "1111aaaa");
    await send(k.hostKey, "k-1", "1111aaaa");
    const other = await enroll("k-2", "2222bbbb");
    await send(other.hostKey, "k-2", "2222bbbb");
    const out = await revokeHostKey(t.db, ADMIN, "k-1", "idf");
    expect(out).toMatchObject({ hostname: "k-1", fleet: "idf" });
    await refused(k.hostKey);
    await send(other.hostKey, "k-2", "2222bbbb"); // the others keep working
    const r = await row(k.hostId);
    expect(r.hostKeyHash).toBeNull();
    expect(r.keyRevokedAt).not.toBeNull();
    expect((await events(k.hostId)).at(-1)).toMatchObject({ event: "key-revoked", detail: { by: ADMIN.name } });
    expect(await lastAudit("host.revoke-key")).toMatchObject({ actor: ADMIN.name, subject: "k-1", ip: "127.0.0.1" });
    expect((await getHost(t.db, "k-1", "idf")).host.keyRevokedAt).toBe(r.keyRevokedAt!.toISOString());
    await expect(revokeHostKey(t.db, ADMIN, "k-1", "idf")).rejects.toMatchObject({ code: "conflict" });
    const again = await enroll("k-1", "1111aaaa");
    expect(again.hostId).toBe(k.hostId);
    expect((await row(k.hostId)).keyRevokedAt).toBeNull();
    await send(again.hostKey, "k-1", "1111aaaa");
  });

  it("deletes a host with its history, audited with what it was; its key gets 401 at once", async () => {
    const d = await enroll("d-1", "3333cccc");
    await send(d.hostKey, "d-1", "3333cccc");
    const [before] = await t.db.select({ revision: fleets.revision }).from(fleets).where(eq(fleets.name, "idf"));
    expect(await deleteHost(t.db, ADMIN, "d-1", "idf")).toEqual({ hostname: "d-1", fleet: "idf", deleted: true });
    await refused(d.hostKey);
    expect(await row(d.hostId)).toBeUndefined();
    expect(await events(d.hostId)).toHaveLength(0);
    const [after] = await t.db.select({ revision: fleets.revision }).from(fleets).where(eq(fleets.name, "idf"));
    expect(after.revision).toBe(before.revision + 1); // the analysis counts one host fewer
    expect(await lastAudit("host.delete")).toMatchObject({
      actor: ADMIN.name,
      subject: "d-1",
      detail: expect.objectContaining({ fleet: "idf", hostId: d.hostId, machineId: "3333cccc", fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    });
    await expect(deleteHost(t.db, ADMIN, "d-1", "idf")).rejects.toMatchObject({ code: "not_found" });
  });

  it("a hostname in two fleets needs the fleet to revoke or delete", async () => {
    await createFleet(t.db, SYSTEM, { name: "idf-two", strategy: "mutable" });
    const s2 = await createEnrollSecret(t.db, SYSTEM, "idf-two");
    const here = await enroll("twin-1", null);
    const there = await enroll("twin-1", null, s2.secret);
    await expect(revokeHostKey(t.db, ADMIN, "twin-1")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/\?fleet=/) });
    await expect(deleteHost(t.db, ADMIN, "twin-1")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/\?fleet=/) });
    await deleteHost(t.db, ADMIN, "twin-1", "idf-two");
    await refused(there.hostKey);
    await authenticateHost(t.db, here.hostKey);
  });

  it("revoking a secret keeps its hosts' keys, unless asked to revoke them too (counted in the audit)", async () => {
    const kept = await createEnrollSecret(t.db, SYSTEM, "idf");
    const leaked = await createEnrollSecret(t.db, SYSTEM, "idf");
    const safe = await createEnrollSecret(t.db, SYSTEM, "idf");
    const k1 = await enroll("x-1", "4444dddd", kept.secret);
    const l1 = await enroll("x-2", "5555eeee", leaked.secret);
    const l2 = await enroll("x-3", "6666ffff", leaked.secret);
    const s1 = await enroll("x-4", "7777aaaa", safe.secret);
    for (const [key, name, mid] of [[k1.hostKey, "x-1", "4444dddd"], [l1.hostKey, "x-2", "5555eeee"], [l2.hostKey, "x-3", "6666ffff"], [s1.hostKey, "x-4", "7777aaaa"]]) await send(key, name, mid);

    expect(await revokeEnrollSecret(t.db, ADMIN, "idf", kept.id)).toMatchObject({ revokedKeys: 0 });
    await send(k1.hostKey, "x-1", "4444dddd");
    await expect(enroll("x-9", null, kept.secret)).rejects.toMatchObject({ code: "unauthorized" });

    expect(await revokeEnrollSecret(t.db, ADMIN, "idf", leaked.id, { revokeKeys: true })).toMatchObject({ revokedKeys: 2 });
    await refused(l1.hostKey);
    await refused(l2.hostKey);
    await send(s1.hostKey, "x-4", "7777aaaa");
    expect((await events(l1.hostId)).at(-1)).toMatchObject({ event: "key-revoked", detail: { by: ADMIN.name, enrollSecretId: leaked.id } });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "enroll-secret.revoke"), eq(auditLog.actor, ADMIN.name))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit[0].detail).toEqual({ secretId: leaked.id, revokedKeys: 2 });
    // The secret is gone too: those hosts come back only with a current one.
    await expect(enroll("x-2", "5555eeee", leaked.secret)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await enroll("x-2", "5555eeee", safe.secret)).hostId).toBe(l1.hostId);
  });
});
