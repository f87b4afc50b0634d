// The demo's adopt-or-waive story on web-mutable: the team decided that the package version most of the fleet
// already runs is right (accepted into spec from one host), and waived the debugging tools one host carries while
// an incident review lasts. Both are new spec versions by Olivia, with notes, like any edit in the browser.
import type { Db } from "@/db/client";
import type { DriftItem } from "@/lib/core/types";
import { adoptIntoSpec } from "@/lib/services/adopt-into-spec";
import { analyzeFleet } from "@/lib/services/fleet-analysis";
import { findFleet } from "@/lib/services/find-fleet";
import { listHosts } from "@/lib/services/list-hosts";
import { waiveDrift } from "@/lib/services/waive-drift";

const OLIVIA = { name: "olivia@demo.fleetprint", ip: null };
const FLEET = "web-mutable";

async function driftByHost(db: Db) {
  const fleet = await findFleet(db, FLEET);
  const analysis = await analyzeFleet(db, fleet.id);
  const hosts = (await listHosts(db, { fleet: FLEET, limit: 1000 })).hosts.filter((h) => h.fingerprint);
  const details = await analysis.details([...new Set(hosts.map((h) => h.fingerprint!))]);
  return hosts.map((h) => ({ hostname: h.hostname, drift: details.get(h.fingerprint!)?.drift ?? [] }));
}

/** The most common item among the hosts (by kind, subject and value) that passes `ok`, with one host carrying it. */
function mostCommon(rows: { hostname: string; drift: DriftItem[] }[], ok: (d: DriftItem) => boolean) {
  const seen = new Map<string, { item: DriftItem; hostname: string; n: number }>();
  for (const r of rows)
    for (const d of r.drift.filter(ok)) {
      const key = `${d.kind}|${d.subject}|${d.actual}`;
      const s = seen.get(key) ?? { item: d, hostname: r.hostname, n: 0 };
      s.n++;
      seen.set(key, s);
    }
  return [...seen.values()].sort((a, b) => b.n - a.n || a.hostname.localeCompare(b.hostname))[0] ?? null;
}

export async function seedDemoSpecEdits(db: Db, now: Date) {
  const fleet = await findFleet(db, FLEET);
  if (fleet.specVersion === null) return;
  // A version bump most hosts took (not one ahead of the spec: that host's story is a rebuild that would downgrade).
  const adopt = mostCommon(await driftByHost(db), (d) => d.kind === "package-version" && d.subject !== "os" && d.direction !== "ahead");
  if (adopt) {
    await adoptIntoSpec(db, OLIVIA, FLEET, { hostname: adopt.hostname, items: [{ kind: adopt.item.kind, subject: adopt.item.subject }], baseVersion: fleet.specVersion, note: `${adopt.n} hosts already run ${adopt.item.actual}; the spec was behind` }, now);
  }
  // Waive an extra package (never a config file: the hand-edited php.ini is the line-diff story).
  const rows = await driftByHost(db);
  const waive = mostCommon(rows, (d) => d.kind === "package-extra") ?? mostCommon(rows, (d) => d.kind.startsWith("config-") && !d.subject.includes("php"));
  if (waive) {
    const until = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const current = (await findFleet(db, FLEET)).specVersion;
    await waiveDrift(db, OLIVIA, FLEET, { kind: waive.item.kind, subject: waive.item.subject, reason: "debugging tools stay until the incident review is closed", until, baseVersion: current }, now);
  }
}
