// Collector errors in-process on both drivers, through the report route's own steps (readReport, then
// acceptFingerprint; checkIn for check-ins): a report that could not read a source is stored with what it read and
// its errors; they stay through unchanged check-ins and go with the first report that read everything. They never
// touch the fingerprint, and the PGlite auth cache's hasCollectorErrors bit follows every write.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hosts } from "@/db/schema";
import { layoutReport } from "@/lib/core/content-digest";
import type { AgentReport, CollectorError } from "@/lib/core/types";
import { contentOf, readReport } from "@/lib/server/read-report";
import { SYSTEM } from "@/lib/services/audit";
import { checkIn } from "@/lib/services/check-in";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getHost } from "@/lib/services/get-host";
import { acceptFingerprint, authenticateHost } from "@/lib/services/ingest-fingerprint";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { addFile, host, report } from "./support/reports";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const RPM: CollectorError = { collector: "rpm", message: "rpm database unreadable: /var/lib/rpm/Packages: not a berkeley db hash/btree database" };

/** The body as the agent lays it out (errors on the first line), with its digest (collectedAt nulled) and content digest. */
function body(r: AgentReport, errors: CollectorError[] | null) {
  const text = layoutReport({ ...r }).replace(/,\n/, errors ? `,"collectorErrors":${JSON.stringify(errors)},\n` : ",\n");
  return { text, digest: sha(text.replace(/"collectedAt":"[^"]*"/, '"collectedAt":null')), content: sha(text.slice(text.indexOf("\n") + 1)) };
}

describe.each(DRIVERS)("collector errors on %s", (kind) => {
  let t: TestDb;
  let secret = "";
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "cef", strategy: "mutable" });
    ({ secret } = await createEnrollSecret(t.db, SYSTEM, "cef"));
  });
  afterAll(async () => {
    if (t) await flushLastSeen(t.db);
    await t?.close();
  });

  const enroll = async (hostname: string) => (await enrollHost(t.db, null, { secret, hostname, machineId: null })).hostKey;
  /** What POST /api/v1/fingerprints does with a body (lib/server/machine-api.ts), the content digest claimed only when the agent would. */
  async function send(key: string, b: ReturnType<typeof body>, claimContent: boolean) {
    const read = await readReport(Buffer.from(b.text), null, claimContent ? b.content : null);
    const h = await authenticateHost(t.db, key);
    const fingerprint = read.hash === h.fingerprintHash ? null : contentOf(read);
    const opts = { machineId: read.machineId, digest: b.digest, content: read.content, collectorErrors: read.collectorErrors };
    return { read, result: await acceptFingerprint(t.db, h, { hash: read.hash, fingerprint }, opts, new Date()) };
  }
  const stored = async (hostname: string) => (await t.db.select().from(hosts).where(eq(hosts.hostname, hostname)))[0].collectorErrors;

  it("a report with an unreadable source is stored with what was read, its errors on the host and not in the fingerprint", async () => {
    const key = await enroll("ce-1");
    const r = report(host("ce-1"));
    const { read, result } = await send(key, body(r, [RPM]), false);
    expect(result.changed).toBe(true);
    expect(read.collectorErrors).toEqual([RPM]);
    // The same content without errors hashes the same: errors are not content.
    expect(result.fingerprint).toBe((await readReport(Buffer.from(body(r, null).text), null, null)).hash);
    expect(await stored("ce-1")).toEqual([RPM]);
    const detail = await getHost(t.db, "ce-1", "cef");
    expect(detail.host.collectorErrors).toEqual([RPM]);
    expect(detail.fingerprint?.packages.length).toBe(r.packages.length);
    expect((await authenticateHost(t.db, key)).hasCollectorErrors).toBe(true);

    // The agent's next run, nothing changed: answered from the digest, errors kept.
    const same = body(r, [RPM]);
    expect(await checkIn(t.db, await authenticateHost(t.db, key), { digest: same.digest, content: null })).toBe("unchanged");
    expect(await stored("ce-1")).toEqual([RPM]);

    // rpm reads again: same packages, new digest; the errors go with the report that read everything.
    const fixed = body(r, null);
    expect(await checkIn(t.db, await authenticateHost(t.db, key), { digest: fixed.digest })).toBe("report-needed");
    const after = await send(key, fixed, true);
    expect(after.result).toMatchObject({ changed: false, fingerprint: result.fingerprint });
    expect(await stored("ce-1")).toBeNull();
    expect((await getHost(t.db, "ce-1", "cef")).host.collectorErrors).toBeNull();
    expect((await authenticateHost(t.db, key)).hasCollectorErrors).toBe(false);
  });

  it("other errors on the same content replace the stored ones; a changed fingerprint carries its errors in the same write", async () => {
    const key = await enroll("ce-2");
    const h = host("ce-2");
    await send(key, body(report(h), [RPM]), false);
    const apk: CollectorError = { collector: "apk", message: "apk database unreadable: awk: cannot open /lib/apk/db/installed (Permission denied)" };
    await send(key, body(report(h), [RPM, apk]), false);
    expect(await stored("ce-2")).toEqual([RPM, apk]);

    addFile(h, "/etc/ce-2.conf", "changed\n");
    const changed = await send(key, body(report(h), [apk]), false);
    expect(changed.result.changed).toBe(true);
    expect(await stored("ce-2")).toEqual([apk]);
    const clean = await send(key, body(report(h), null), false);
    expect(clean.result.changed).toBe(false);
    expect(await stored("ce-2")).toBeNull();
  });

  it("a report with errors names no content; a host accepted by another's content digest has its errors cleared", async () => {
    const shared = host("ce-3");
    const b = body(report(shared), [RPM]);
    const { read } = await send(await enroll("ce-3"), b, true);
    // The claim was checked and then dropped: content named by a report with errors would let a check-in lose them.
    expect(read.content).toBeNull();

    // ce-4 once had errors; its sources read again and its content is one the server knows from a clean report.
    const key4 = await enroll("ce-4");
    await send(key4, body(report(host("ce-4")), [RPM]), false);
    const key5 = await enroll("ce-5");
    const clean = body(report(host("ce-5")), null);
    await send(key5, clean, true);
    const twin = body({ ...report(host("ce-5")), hostname: "ce-4" }, null);
    expect(twin.content).toBe(clean.content);
    expect(await checkIn(t.db, await authenticateHost(t.db, key4), { digest: twin.digest, content: twin.content })).toBe("accepted");
    expect(await stored("ce-4")).toBeNull();
    expect((await authenticateHost(t.db, key4)).hasCollectorErrors).toBe(false);
  });

  it("refuses malformed errors with a message naming the field, and stores nothing", async () => {
    const key = await enroll("ce-6");
    const r = report(host("ce-6"));
    const many = Array.from({ length: 11 }, (_, i) => ({ collector: "rpm", message: `error ${i}` }));
    await expect(send(key, body(r, many), false)).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining("collectorErrors: at most 10 entries") });
    const long = [{ collector: "rpm", message: "x".repeat(501) }];
    await expect(send(key, body(r, long), false)).rejects.toMatchObject({ message: expect.stringContaining("collectorErrors[0].message: at most 500 characters") });
    const bidi = [{ collector: "rpm", message: "rpm database unreadable: \u202egnp.txt" }];
    await expect(send(key, body(r, bidi), false)).rejects.toMatchObject({ message: expect.stringContaining("collectorErrors[0].message") });
    const row = (await t.db.select().from(hosts).where(eq(hosts.hostname, "ce-6")))[0];
    expect(row.fingerprintHash).toBeNull();
    expect(row.collectorErrors).toBeNull();
  });
});
