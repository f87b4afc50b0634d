// Imports from other collectors in-process on both drivers: the host found or created by enrolment's rule, the
// report ingested as the agent's is, the source and "configs not collected" recorded, bad input storing nothing.
import fs from "node:fs";
import { and, asc, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, fleetDriftItems, hostEvents, hostHistory, hosts } from "@/db/schema";
import { SYSTEM, type Actor } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getHost } from "@/lib/services/get-host";
import { importHost } from "@/lib/services/import-host";
import { checkIn } from "@/lib/services/check-in";
import { exportDrift } from "@/lib/services/export-drift";
import { listHosts } from "@/lib/services/list-hosts";
import type { HostSource } from "@/lib/core/host-source";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { host, report } from "./support/reports";

const OPS: Actor = { name: "olga@imports.test", ip: "127.0.0.1" };
const fixture = (name: string) => JSON.parse(fs.readFileSync(`fixtures/imports/${name}`, "utf8"));

describe.each(DRIVERS)("imports on %s", (kind) => {
  let t: TestDb;
  let secret = "";
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "imp", strategy: "mutable" });
    ({ secret } = await createEnrollSecret(t.db, SYSTEM, "imp"));
  });
  afterAll(async () => {
    if (t) await flushLastSeen(t.db);
    await t?.close();
  });

  const row = async (hostname: string) => (await t.db.select().from(hosts).where(eq(hosts.hostname, hostname)))[0];
  const count = async () => ({
    hosts: (await t.db.select({ id: hosts.id }).from(hosts)).length,
    audit: (await t.db.select().from(auditLog).where(eq(auditLog.action, "host.import"))).length,
  });

  it("creates an osquery host: source, configs collected, enrolled and fingerprint history, audited", async () => {
    const r = await importHost(t.db, OPS, { format: "osquery", fleet: "imp", body: fixture("osquery-debian12-combined.json") });
    expect(r).toMatchObject({ hostname: "web-01", identity: "enroll", source: "osquery", configsCollected: true, packages: 12, configs: 4, changed: true });
    expect(await row("web-01")).toMatchObject({ source: "osquery", configsCollected: true, hostKeyHash: null, fingerprintHash: r.fingerprint });
    const events = await t.db.select().from(hostEvents).where(eq(hostEvents.hostId, r.hostId)).orderBy(asc(hostEvents.at), asc(hostEvents.id));
    expect(events.map((e) => e.event)).toEqual(["enrolled", "fingerprint"]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "host.import"), eq(auditLog.subject, "web-01")));
    expect(audit).toMatchObject({ actor: OPS.name, detail: expect.objectContaining({ format: "osquery", identity: "enroll", packages: 12, configs: 4 }) });
  });

  it("the same import again continues the record and changes nothing", async () => {
    const r = await importHost(t.db, OPS, { format: "osquery", fleet: "imp", body: fixture("osquery-debian12-combined.json") });
    expect(r).toMatchObject({ identity: "re-enroll", changed: false });
    expect((await t.db.select().from(hosts).where(eq(hosts.hostname, "web-01"))).length).toBe(1);
  });

  it("an SBOM host against a spec that pins configs: packages drift, configs are not collected, not missing", async () => {
    const { hostKey } = await enrollHost(t.db, null, { secret, hostname: "gold", machineId: null });
    await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(host("gold")));
    await captureSpec(t.db, SYSTEM, "imp", "gold");
    const r = await importHost(t.db, OPS, { format: "cyclonedx", fleet: "imp", hostname: "img-1", body: fixture("trivy-debian10-fluentd.cdx.json") });
    expect(r).toMatchObject({ identity: "enroll", source: "cyclonedx", configsCollected: false, configs: 0 });
    const d = await getHost(t.db, "img-1", "imp");
    expect(d.host).toMatchObject({ source: "cyclonedx", configsCollected: false });
    const kinds = new Set((d.drift ?? []).map((i) => i.kind));
    expect(kinds.has("package-version") || kinds.has("package-missing")).toBe(true);
    expect([...kinds].filter((k) => k.startsWith("config-"))).toEqual([]);
    // The worker's stored items (fleet drift view, counts) say the same.
    await refreshFleetAnalysis(t.db, d.fleet.id);
    const stored = await t.db.select({ kind: fleetDriftItems.kind }).from(fleetDriftItems).where(eq(fleetDriftItems.hash, r.fingerprint));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter((s) => s.kind.startsWith("config-"))).toEqual([]);
    // An agent host of the fleet still has its pinned configs checked.
    expect((await getHost(t.db, "gold", "imp")).host).toMatchObject({ source: "agent", configsCollected: true });
  });

  it("a known machine under a new name is renamed, keeping its key (enrolment's rule)", async () => {
    const { hostId, hostKey } = await enrollHost(t.db, null, { secret, hostname: "db-old", machineId: "4c4c4544004c" });
    const facts = fixture("ansible-ubuntu2204-package-facts.json");
    const body = { ...facts, ansible_facts: { ...facts.ansible_facts, ansible_hostname: "db-new", ansible_machine_id: "4c4c4544004c" } };
    const r = await importHost(t.db, OPS, { format: "ansible", fleet: "imp", body });
    expect(r).toMatchObject({ hostId, hostname: "db-new", identity: "rename", source: "ansible", configsCollected: false });
    expect(await row("db-old")).toBeUndefined();
    expect((await authenticateHost(t.db, hostKey)).hostname).toBe("db-new");
    const [last] = await t.db.select().from(hostHistory).where(and(eq(hostHistory.hostId, hostId), eq(hostHistory.event, "renamed"))).orderBy(desc(hostHistory.id));
    expect(last.detail).toEqual({ previousHostname: "db-old", hostname: "db-new" });
  });

  it("the latest report's collector is the host's: an import over an agent host, then the agent again, and back", async () => {
    const { hostKey } = await enrollHost(t.db, null, { secret, hostname: "flip", machineId: null });
    await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(host("flip")), new Date(), "digest-flip-1");
    // Authenticated once more so the embedded driver answers from its cache from here on.
    expect(await authenticateHost(t.db, hostKey)).toMatchObject({ source: "agent", configsCollected: true });
    const sbom = { format: "cyclonedx" as const, fleet: "imp", hostname: "flip", body: fixture("trivy-debian10-fluentd.cdx.json") };
    expect(await importHost(t.db, OPS, sbom)).toMatchObject({ identity: "re-enroll", source: "cyclonedx", configsCollected: false });
    expect(await row("flip")).toMatchObject({ source: "cyclonedx", configsCollected: false, reportDigest: null });
    // The agent's unchanged check-in is not "unchanged" any more: it must send its report, which takes the host back.
    const who = await authenticateHost(t.db, hostKey);
    expect(who).toMatchObject({ source: "cyclonedx", configsCollected: false, reportDigest: null });
    expect(await checkIn(t.db, who, { digest: "digest-flip-1" })).toBe("report-needed");
    const back = await ingestFingerprint(t.db, who, report(host("flip")), new Date(), "digest-flip-1");
    expect(back.changed).toBe(true);
    expect(await row("flip")).toMatchObject({ source: "agent", configsCollected: true });
    expect(await authenticateHost(t.db, hostKey)).toMatchObject({ source: "agent", configsCollected: true });
    expect((await getHost(t.db, "flip", "imp")).host).toMatchObject({ source: "agent", configsCollected: true });
    // A same-content agent report of an agent host writes nothing new and keeps it so.
    await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(host("flip")), new Date(), "digest-flip-1");
    expect(await row("flip")).toMatchObject({ source: "agent", configsCollected: true });
    await importHost(t.db, OPS, { ...sbom, format: "cyclonedx" });
    expect(await authenticateHost(t.db, hostKey)).toMatchObject({ source: "cyclonedx", configsCollected: false });
  });

  it("the hosts list and the drift export filter by source and say each host's", async () => {
    const names = async (source: HostSource) => (await listHosts(t.db, { fleet: "imp", source })).hosts.map((h) => `${h.hostname} ${h.source}`);
    expect(await names("osquery")).toEqual(["web-01 osquery"]);
    expect(await names("agent")).toContain("gold agent");
    expect(await names("agent")).not.toContain("web-01 agent");
    expect(await names("spdx")).toEqual([]);
    const exp = await exportDrift(t.db, { fleet: "imp", source: "osquery" });
    expect(exp.meta.totalHosts).toBe(1);
    const out: string[] = [];
    for await (const h of exp.hosts({ firstSeen: false })) out.push(`${h.hostname} ${h.source}`);
    expect(out).toEqual(["web-01 osquery"]);
  });

  it("bad input is a 400 naming the problem, and stores nothing", async () => {
    const before = await count();
    const bad = [
      { format: "spdx" as const, body: fixture("trivy-centos7.cdx.json"), hostname: "x-1", message: /Not an SPDX JSON document/ },
      { format: "cyclonedx" as const, body: { bomFormat: "CycloneDX", components: [{ purl: "pkg:gem/fluentd@1.3.3" }] }, hostname: "x-1", message: /No deb, rpm or apk packages/ },
      { format: "cyclonedx" as const, body: fixture("trivy-centos7.cdx.json"), hostname: undefined, message: /add &hostname=NAME/ },
      { format: "osquery" as const, body: { hostname: "x 1", deb_packages: [{ name: "bash", version: "5", arch: "amd64" }] }, hostname: undefined, message: /hostname/ },
    ];
    for (const b of bad) {
      await expect(importHost(t.db, OPS, { format: b.format, fleet: "imp", hostname: b.hostname, body: b.body })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(b.message) });
    }
    await expect(importHost(t.db, OPS, { format: "spdx", fleet: "nope", hostname: "x-1", body: fixture("trivy-centos7.spdx.json") })).rejects.toMatchObject({ code: "not_found" });
    expect(await count()).toEqual(before);
  });
});
