// Adopt or waive, on both databases: accepting a host's drift into the spec leaves it with none; a waiver hides an
// item until it expires (the worker step marks drift stale once, whichever instance gets there first); revoking
// brings it back; every save names the version it was previewed against (409 when the spec moved).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog, fleetFingerprints, fleets, hosts, specs } from "@/db/schema";
import { AppError } from "@/lib/server/errors";
import { adoptIntoSpec, adoptValueIntoSpec } from "@/lib/services/adopt-into-spec";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { diffSpecVersions } from "@/lib/services/diff-spec-versions";
import { editSpecText } from "@/lib/services/edit-spec-text";
import { enrollHost } from "@/lib/services/enroll-host";
import { expireWaivers } from "@/lib/services/expire-waivers";
import { getHost } from "@/lib/services/get-host";
import { getSpec, listSpecVersions } from "@/lib/services/get-spec";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listWaivers } from "@/lib/services/list-waivers";
import { revokeWaiver } from "@/lib/services/revoke-waiver";
import { waiveDrift } from "@/lib/services/waive-drift";
import { api, uniqueName } from "./support/api";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { editConfig, EXTRAS, host, install, report } from "./support/reports";

const olivia = { name: "olivia@example.test", ip: null };
// A file the base report does not carry (its php.ini is shared by every demo host): web adds it.
const PHP_INI = "/etc/php/8.2/apache2/conf.d/99-local.ini";
const DAY = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

describe.each(DRIVERS)("spec editing on %s", (kind) => {
  let t: TestDb;
  let fleetId = 0;
  const subjects = async (name: string) => (await getHost(t.db, name, "edit")).drift!.map((d) => `${d.kind} ${d.subject}`);

  beforeAll(async () => {
    t = await openTestDb(kind);
    fleetId = (await createFleet(t.db, SYSTEM, { name: "edit", strategy: "mutable" })).id;
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "edit");
    for (const name of ["gold", "web", "other"]) {
      const h = host(name);
      if (name === "web") {
        install(h, EXTRAS.debugging);
        editConfig(h, PHP_INI, "memory_limit = 512M");
      }
      if (name === "other") install(h, EXTRAS.debugging);
      const key = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
      await ingestFingerprint(t.db, await authenticateHost(t.db, key), report(h));
    }
    await captureSpec(t.db, SYSTEM, "edit", "gold");
  });
  afterAll(async () => t?.close());

  it("previews, then accepts a host's drift into a new version that leaves it with none", async () => {
    expect(await subjects("web")).toEqual(["package-extra htop", "package-extra strace", "package-extra tcpdump", `config-unexpected ${PHP_INI}`]);
    const preview = await adoptIntoSpec(t.db, olivia, "edit", { hostname: "web", dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, baseVersion: 1, version: 2, summary: "3 pins added, 1 file added" });
    expect(preview.lines).toContain("+ pin strace 6.1-0.1");
    expect((await listSpecVersions(t.db, "edit")).map((v) => v.version)).toEqual([1]);
    await expect(adoptIntoSpec(t.db, olivia, "edit", { hostname: "web" })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/baseVersion is required/) });

    const saved = await adoptIntoSpec(t.db, olivia, "edit", { hostname: "web", baseVersion: 1, note: "web is the new normal" });
    expect(saved.version).toBe(2);
    expect(await subjects("web")).toEqual([]);
    expect(await subjects("gold")).toEqual(["package-missing htop", "package-missing strace", "package-missing tcpdump", `config-missing ${PHP_INI}`]);
    const [v2] = await listSpecVersions(t.db, "edit");
    expect(v2).toMatchObject({ version: 2, source: "adopt:web", createdBy: "olivia@example.test", note: "web is the new normal" });
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "spec.save"), eq(auditLog.subject, "edit")));
    expect(audit.at(-1)!.detail).toMatchObject({ version: 2, source: "adopt:web", base: 1, summary: "3 pins added, 1 file added" });
    expect((await diffSpecVersions(t.db, "edit", 1, 2)).summary).toBe("3 pins added, 1 file added");
  });

  it("refuses a save on top of a version that is no longer current (409), and changes nothing", async () => {
    await expect(adoptIntoSpec(t.db, olivia, "edit", { hostname: "gold", items: [{ kind: "package-missing", subject: "htop" }], baseVersion: 1 })).rejects.toMatchObject({ code: "conflict" });
    expect((await getSpec(t.db, "edit")).version).toBe(2);
  });

  it("accepts one value across the fleet", async () => {
    const r = await adoptValueIntoSpec(t.db, olivia, "edit", { kind: "package-missing", subject: "tcpdump", value: null, dryRun: true });
    expect(r.lines).toEqual(["- pin tcpdump 4.99.3-1"]);
  });

  it("waives an item until a day; the worker step brings it back after that day, once", async () => {
    const tomorrow = ymd(new Date(Date.now() + DAY));
    await expect(waiveDrift(t.db, olivia, "edit", { kind: "package-missing", subject: "htop", reason: "old", until: "2020-01-01", baseVersion: 2 })).rejects.toMatchObject({ code: "bad_request" });
    const w = await waiveDrift(t.db, olivia, "edit", { kind: "package-missing", subject: "htop", reason: "gold lags, rebuilt next week", until: tomorrow, baseVersion: 2 });
    expect(w.version).toBe(3);
    expect(w.lines).toEqual([`+ waiver package htop: gold lags, rebuilt next week (until ${tomorrow}) by olivia@example.test`]);
    expect(await subjects("gold")).not.toContain("package-missing htop");
    expect((await listWaivers(t.db, "edit")).waivers).toEqual([expect.objectContaining({ package: "htop", status: "active", by: "olivia@example.test" })]);
    expect((await getSpec(t.db, "edit")).yaml).toContain("- package: htop");

    const goldHash = (await t.db.select({ h: hosts.fingerprintHash }).from(hosts).where(eq(hosts.hostname, "gold")))[0].h!;
    const count = async () => (await t.db.select({ n: fleetFingerprints.driftCount, v: fleetFingerprints.driftSpecVersion }).from(fleetFingerprints).where(and(eq(fleetFingerprints.fleetId, fleetId), eq(fleetFingerprints.hash, goldHash))))[0];
    await refreshFleetAnalysis(t.db, fleetId);
    expect(await count()).toEqual({ n: 3, v: 3 });

    expect(await expireWaivers(t.db, new Date())).toEqual([]);
    const later = new Date(Date.now() + 3 * DAY);
    // Two instances at once: one conditional update wins.
    expect((await Promise.all([expireWaivers(t.db, later), expireWaivers(t.db, later)])).flat()).toEqual(["edit"]);
    expect(await expireWaivers(t.db, later)).toEqual([]);
    expect((await count()).v).toBeNull();
    await refreshFleetAnalysis(t.db, fleetId, later);
    expect(await count()).toEqual({ n: 4, v: 3 });
    expect((await listWaivers(t.db, "edit", later)).waivers[0].status).toBe("expired");
    const expired = await t.db.select().from(auditLog).where(eq(auditLog.action, "spec.waiver-expired"));
    expect(expired).toHaveLength(1);
  });

  it("revokes a waiver: a new version without it", async () => {
    await expect(revokeWaiver(t.db, olivia, "edit", { target: { package: "nope" }, baseVersion: 3 })).rejects.toMatchObject({ code: "not_found" });
    const r = await revokeWaiver(t.db, olivia, "edit", { target: { package: "htop" }, baseVersion: 3 });
    expect(r).toMatchObject({ version: 4, summary: "1 waiver removed" });
    expect((await listWaivers(t.db, "edit")).waivers).toEqual([]);
    expect(await subjects("gold")).toContain("package-missing htop");
    const [row] = await t.db.select().from(specs).where(and(eq(specs.fleetId, fleetId), eq(specs.version, 4)));
    expect(row).toMatchObject({ source: "revoke-waiver", note: "revoked the waiver of package htop" });
  });

  it("answers bad YAML with each problem at its line, and saves nothing", async () => {
    const yaml = "packages:\n  mode: exact\n  pins:\n    htop: 'not a version!'\nignore:\n  - package: htop\n";
    const err = await editSpecText(t.db, olivia, "edit", { yaml, baseVersion: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toEqual({
      errors: [
        { message: 'packages.pins.htop: must be a version string or "*"', line: 4 },
      ],
    });
    const err2 = (await editSpecText(t.db, olivia, "edit", { yaml: "ignore:\n  - package: htop\n", baseVersion: 4 }).catch((e: AppError) => e)) as AppError;
    expect(err2.details).toEqual({ errors: [{ message: "ignore[0].reason: reason must be a string (waiver of package htop)", line: 2 }] });
    expect((await getSpec(t.db, "edit")).version).toBe(4);
    const ok = await editSpecText(t.db, olivia, "edit", { yaml: "# hand written\npackages:\n  mode: allow-extras\n", baseVersion: 4, note: "loosen" });
    expect(ok.version).toBe(5);
    expect((await getSpec(t.db, "edit")).yaml).toBe("# hand written\npackages:\n  mode: allow-extras\n");
    const [f] = await t.db.select({ v: fleets.specVersion }).from(fleets).where(eq(fleets.id, fleetId));
    expect(f.v).toBe(5);
  });
});

// Over HTTP (skipped with FLEETPRINT_IT_HTTP=0): viewers may read and preview, not change; errors carry their lines.
describe.each(inject("servers"))("spec editing API on $kind", ({ url, people }) => {
  const a = api(url);
  const fleet = uniqueName("specedit");
  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    expect((await a.call("PUT", `/api/v1/fleets/${fleet}/spec`, undefined, { raw: "packages:\n  pins:\n    apache2: '*'\n", headers: { "content-type": "application/yaml" } })).status).toBe(201);
  });

  it("refuses a viewer's waiver and answers a bad spec with its line", async () => {
    const body = { kind: "package-extra", subject: "strace", reason: "debugging", baseVersion: 1 };
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/waivers`, body, { token: people.viewer.token })).status).toBe(403);
    const bad = await a.call("POST", `/api/v1/fleets/${fleet}/spec/preview`, { yaml: "packages:\n  pins:\n    apache2: 'x y'\n" }, { token: people.viewer.token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.errors).toEqual([{ message: 'packages.pins.apache2: must be a version string or "*"', line: 3 }]);
    const saved = await a.call("POST", `/api/v1/fleets/${fleet}/spec/waivers`, body, { token: people.operator.token });
    expect(saved.status).toBe(201);
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/waivers`, body)).status).toBe(409);
    expect((await a.call("GET", `/api/v1/fleets/${fleet}/spec/diff?from=1&to=2`)).json.lines).toEqual([expect.stringMatching(/^\+ waiver package strace: debugging by /)]);
  });
});
