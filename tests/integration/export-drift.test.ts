// The drift export in-process on both drivers: first-seen dating from a host's real history, `since`, and
// streaming a 3,000-host fleet without reading it whole (the route's own stream, instrumented at its source).
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { exportDrift, PAGE_SIZE, type DriftExport } from "@/lib/services/export-drift";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { driftExportBytes } from "@/lib/reports/export-stream";
import { streamFrom } from "@/lib/server/stream";
import type { ExportHost } from "@/lib/core/drift-export";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, addFile, editConfig, host, install, report } from "./support/reports";

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));
const iso = (n: number) => day(n).toISOString();

async function enrolled(db: Db, fleet: string, secret: string, hostname: string) {
  const { hostKey } = await enrollHost(db, null, { secret, hostname, machineId: null });
  return authenticateHost(db, hostKey);
}

/** Counts hosts as the export's row source yields them, to see how far the stream has read. */
function instrument(exp: DriftExport) {
  const seen = { hosts: 0, closed: false };
  const source = exp.hosts.bind(exp);
  exp.hosts = async function* (opts) {
    try {
      for await (const h of source(opts)) {
        seen.hosts += 1;
        yield h;
      }
    } finally {
      seen.closed = true; // returned (or done): it reads no more hosts
    }
  };
  return seen;
}

async function collect(exp: DriftExport): Promise<ExportHost[]> {
  const out: ExportHost[] = [];
  for await (const h of exp.hosts()) out.push(h);
  return out;
}

describe.each(DRIVERS)("drift export on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "hist", strategy: "mutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "hist");
    const golden = host("gold-1");
    await ingestFingerprint(t.db, await enrolled(t.db, "hist", secret, "gold-1"), report(golden, day(1)), day(1));
    await captureSpec(t.db, SYSTEM, "hist", "gold-1", day(1));
    // web-1: clean on day 1, debugging tools on day 5, a hand edit and a new file on day 8.
    const h = host("web-1");
    let who = await enrolled(t.db, "hist", secret, "web-1");
    await ingestFingerprint(t.db, who, report(h, day(1)), day(1));
    install(h, EXTRAS.debugging);
    who = { ...who, fingerprintHash: (await ingestFingerprint(t.db, who, report(h, day(5)), day(5))).fingerprint };
    editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60");
    addFile(h, "/etc/häfen/ü.conf", "v1");
    await ingestFingerprint(t.db, who, report(h, day(8)), day(8));
  });
  afterAll(async () => t?.close());

  it("dates each item from when the host started carrying it", async () => {
    const [web1] = (await collect(await exportDrift(t.db, { fleet: "hist", q: "web-1" }))).filter((x) => x.hostname === "web-1");
    const when = Object.fromEntries(web1.items.map((i) => [i.subject, i.firstSeen]));
    expect(when.htop).toBe(day(5).toISOString());
    expect(when.strace).toBe(day(5).toISOString());
    expect(when["/etc/apache2/apache2.conf"]).toBe(day(8).toISOString());
    expect(when["/etc/häfen/ü.conf"]).toBe(day(8).toISOString());
  });

  it("keeps only items first seen since a date, and drops hosts left without any", async () => {
    const exp = await exportDrift(t.db, { fleet: "hist", since: day(6), sinceText: "2026-11-06" });
    const hosts = await collect(exp);
    expect(hosts.map((x) => x.hostname)).toEqual(["web-1"]);
    expect(hosts[0].items.map((i) => i.subject).sort()).toEqual(["/etc/apache2/apache2.conf", "/etc/häfen/ü.conf"]);
    expect(exp.meta.filters.since).toBe("2026-11-06");
  });

  it("counts the hosts before the first byte, from the same filters", async () => {
    expect((await exportDrift(t.db, { fleet: "hist" })).meta.totalHosts).toBe(2);
    expect((await exportDrift(t.db, { fleet: "hist", drifted: true })).meta.totalHosts).toBe(1);
    expect((await exportDrift(t.db, { fleet: "hist", drifted: false })).meta.totalHosts).toBe(1);
    expect((await exportDrift(t.db, { q: "GOLD" })).meta).toMatchObject({ totalHosts: 1, fleets: [expect.objectContaining({ name: "hist", specVersion: 1 })] });
  });

  describe("a 3,000-host fleet", () => {
    const HOSTS = 3000;
    beforeAll(async () => {
      // Two real fingerprints, then hosts pointing at them in bulk: the export cost is in reading, not in here.
      await createFleet(t.db, SYSTEM, { name: "big", strategy: "immutable" });
      const { secret } = await createEnrollSecret(t.db, SYSTEM, "big");
      const a = (await ingestFingerprint(t.db, await enrolled(t.db, "big", secret, "seed-a"), report(host("seed-a"), day(1)), day(1))).fingerprint;
      const drifted = host("seed-b");
      install(drifted, EXTRAS.redis);
      const b = (await ingestFingerprint(t.db, await enrolled(t.db, "big", secret, "seed-b"), report(drifted, day(2)), day(2))).fingerprint;
      await captureSpec(t.db, SYSTEM, "big", "seed-a", day(2));
      const [f] = await t.db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, "big"));
      await t.db.execute(sql`
        insert into hosts (fleet_id, hostname, fingerprint_hash, last_seen, last_changed, last_built)
        select ${f.id}, 'n-' || lpad(g::text, 5, '0'), case when g % 10 = 0 then ${b} else ${a} end, ${iso(3)}::timestamptz, ${iso(3)}::timestamptz, ${iso(1)}::timestamptz
        from generate_series(1, ${HOSTS - 2}) g`);
      await t.db.execute(sql`
        insert into host_history (host_id, at, event, fingerprint_hash)
        select id, ${iso(3)}::timestamptz, 'fingerprint', fingerprint_hash from hosts where fleet_id = ${f.id} and hostname like 'n-%'`);
      await t.db.update(fleets).set({ revision: sql`${fleets.revision} + 1` }).where(eq(fleets.id, f.id));
    });

    it("sends the first CSV rows before the row source has read past the first pages", async () => {
      const exp = await exportDrift(t.db, { fleet: "big" });
      expect(exp.meta.totalHosts).toBe(HOSTS);
      const seen = instrument(exp);
      const reader = streamFrom(driftExportBytes("csv", exp), "test").getReader();
      const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // keep the BOM: it is part of what we check
      const first = await reader.read();
      expect(decoder.decode(first.value)).toMatch(/^\uFEFFfleet,host,kind/); // header: before any host is read
      expect(seen.hosts).toBe(0);
      const second = await reader.read();
      expect(decoder.decode(second.value)).toMatch(/big,n-0000\d,/);
      expect(seen.hosts).toBeGreaterThan(0);
      expect(seen.hosts).toBeLessThanOrEqual(2 * PAGE_SIZE); // one chunk out, at most the next page read
      let text = decoder.decode(first.value) + decoder.decode(second.value);
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
      expect(seen.hosts).toBe(HOSTS);
      const lines = text.trimEnd().split("\r\n");
      expect(new Set(lines.slice(1).map((l) => l.split(",")[1])).size).toBe(HOSTS);
      expect(lines.filter((l) => l.includes(",package-extra,php8.2-redis,")).length).toBe(Math.floor((HOSTS - 2) / 10) + 1);
    });

    it("stops reading when the client goes away", async () => {
      const exp = await exportDrift(t.db, { fleet: "big" });
      const seen = instrument(exp);
      const reader = streamFrom(driftExportBytes("json", exp), "test").getReader();
      await reader.read();
      await reader.read();
      expect(seen.closed).toBe(false);
      // Cancelling returns the body's generator, which returns the host reader: once it has closed it reads no
      // more, so the count below is final (no wait for "nothing else happens").
      await reader.cancel();
      expect(seen.closed).toBe(true);
      expect(seen.hosts).toBeLessThan(HOSTS);
    });

    it.each([
      ["pdf", "%PDF-"],
      ["md", "# Drift report: big"],
    ] as const)("starts the %s report before reading any host", async (format, start) => {
      const exp = await exportDrift(t.db, { fleet: "big", drifted: true });
      const seen = instrument(exp);
      const reader = streamFrom(driftExportBytes(format, exp), "test").getReader();
      const first = await reader.read();
      expect(Buffer.from(first.value!).toString("latin1").startsWith(start)).toBe(true);
      expect(seen.hosts).toBe(0);
      await reader.cancel();
    });
  });
});
