import "server-only";
// Seeds the demo story through the real services: a mutable fleet patched in place for four months next to
// an immutable fleet rebuilt from each new spec version. Every change goes through enroll/ingest/capture, so
// the demo exercises the same code paths as real agents, and daily snapshots give the charts a trend.
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { hostHistory, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { parseDpkgStatus } from "@/lib/core/parse-dpkg";
import { osIdentity, parseOsRelease } from "@/lib/core/os-release";
import { enrollHost } from "@/lib/services/enroll-host";
import { createFleet } from "@/lib/services/create-fleet";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { ingestFingerprint, type AuthenticatedHost } from "@/lib/services/ingest-fingerprint";
import { captureSpec } from "@/lib/services/capture-spec";
import { seedDemoSpecEdits } from "./demo-spec-edits";
import { recordSnapshot } from "@/lib/services/record-snapshot";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { SYSTEM } from "@/lib/services/audit";
import { configureDemoRebuilds } from "./demo-rebuild-policy";
import { mutableEvents, immutableEvents, type DemoEvent } from "./demo-timeline";
import { buildHost, toReport, type BaseImage, type HostState } from "./demo-hosts";
import { seedDemoContents } from "./demo-contents";
import { seedDemoImages } from "./demo-images";
import { seedDemoCollectorErrors } from "./demo-collector-errors";

export const DEMO_DAYS = 120;
const DAY = 86_400_000;

export function loadBaseImage(root = process.cwd()): BaseImage {
  const dir = path.join(root, "fixtures", "debian-12");
  const status = parseDpkgStatus(fs.readFileSync(path.join(dir, "status"), "utf8"));
  const osr = osIdentity(parseOsRelease(fs.readFileSync(path.join(dir, "os-release"), "utf8")));
  return {
    os: { id: osr.id, versionId: osr.versionId, prettyName: osr.prettyName, kernel: null, arch: status.arch ?? "amd64" },
    packages: status.packages,
    conffiles: status.conffiles.filter((c) => !c.obsolete).map((c) => ({ path: c.path, package: c.package })),
  };
}

interface Live {
  fleet: string;
  state: HostState;
  host: AuthenticatedHost;
}

export interface SeedOptions {
  now: Date;
  mutableHosts?: number;
  immutableHosts?: number;
  /** Where the demo rebuild provider finds the fleets' enroll secrets (written 0600). */
  secretsFile?: string;
}

export async function seedDemo(db: Db, opts: SeedOptions): Promise<string> {
  const base = loadBaseImage();
  const start = new Date(Math.floor(opts.now.getTime() / DAY) * DAY - DEMO_DAYS * DAY);
  const at = (day: number, hour: number) => new Date(start.getTime() + day * DAY + hour * 3_600_000);
  const fleetIds: Record<string, number> = {};
  const secrets: Record<string, string> = {};
  for (const [name, strategy] of [["web-mutable", "mutable"], ["web-immutable", "immutable"]] as const) {
    fleetIds[name] = (await createFleet(db, SYSTEM, { name, strategy })).id;
    secrets[name] = (await createEnrollSecret(db, SYSTEM, name)).secret;
  }
  const live = new Map<string, Live>();

  const report = async (l: Live, when: Date) => {
    const r = await ingestFingerprint(db, l.host, toReport(l.state, base, when), when);
    l.host.fingerprintHash = r.fingerprint;
  };
  const enroll = async (fleet: string, state: HostState, when: Date) => {
    const { hostId } = await enrollHost(db, null, { secret: secrets[fleet], hostname: state.hostname, machineId: state.machineId });
    // Its enrolment is this row (listed through host_events): dated with the story, nothing else to move.
    await db.update(hosts).set({ enrolledAt: when, lastBuilt: when }).where(eq(hosts.id, hostId));
    const l: Live = { fleet, state, host: { id: hostId, fleetId: fleetIds[fleet], hostname: state.hostname, fingerprintHash: null, machineId: null, reportDigest: null, waiting: false, driftAlerts: false, keyHash: "", stamp: "" } };
    live.set(state.hostname, l);
    await report(l, when);
  };

  const ctx = {
    base,
    hostsOf: (fleet: string) => [...live.values()].filter((l) => l.fleet === fleet).map((l) => l.state),
    get: (hostname: string) => live.get(hostname)?.state,
  };
  const events: DemoEvent[] = [
    ...mutableEvents(ctx, opts.mutableHosts ?? 40),
    ...immutableEvents(ctx, opts.immutableHosts ?? 24),
  ].sort((a, b) => a.day - b.day || a.hour - b.hour);

  let next = 0;
  for (let day = 0; day <= DEMO_DAYS; day++) {
    while (next < events.length && events[next].day === day) {
      const ev = events[next++];
      const when = at(day, ev.hour);
      const result = ev.apply();
      for (const state of result.built ?? []) await enroll(ev.fleet, state, when);
      for (const state of result.rebuilt ?? []) {
        const l = live.get(state.hostname)!;
        l.state = state;
        await db.update(hosts).set({ lastBuilt: when }).where(eq(hosts.id, l.host.id));
        await db.insert(hostHistory).values({ hostId: l.host.id, at: when, event: "rebuilt", previousHash: l.host.fingerprintHash });
        await report(l, new Date(when.getTime() + 600_000));
      }
      for (const hostname of result.changed ?? []) await report(live.get(hostname)!, when);
      if (result.captureFrom) await captureSpec(db, SYSTEM, ev.fleet, result.captureFrom, new Date(when.getTime() + 1_200_000));
    }
    if (day < DEMO_DAYS) for (const id of Object.values(fleetIds)) await recordSnapshot(db, id, at(day, 23));
  }

  await configureDemoRebuilds(db, secrets, opts.secretsFile);
  await seedDemoSpecEdits(db, new Date(opts.now.getTime() - 2 * DAY));

  // Everyone checks in during the last hour, except one mutable host that went quiet three days ago.
  let i = 0;
  for (const l of live.values()) {
    const quiet = l.state.hostname === "web-29";
    const when = quiet ? new Date(opts.now.getTime() - 3 * DAY) : new Date(opts.now.getTime() - ((i++ * 97) % 3_300_000));
    await report(l, when);
  }
  await flushLastSeen(db);
  await seedDemoContents(db);
  await seedDemoImages(db);
  await seedDemoCollectorErrors(db);
  for (const id of Object.values(fleetIds)) await recordSnapshot(db, id, opts.now);
  const [{ n }] = await db.select({ n: sql<number>`count(distinct ${hosts.fingerprintHash})` }).from(hosts);
  return `${live.size} hosts in 2 fleets, ${n} distinct fingerprints, ${events.length} events over ${DEMO_DAYS} days`;
}

export { buildHost };
