import "server-only";
// The demo's adopt-or-waive story on web-mutable: the team decided that a value hosts carry is right (accepted into
// spec from one host), and waived the debugging tools one host carries while
// an incident review lasts. Both are new spec versions by Olivia, with notes, like any edit in the browser.
import type { Db } from "@/db/client";
import { adoptDrift } from "@/lib/core/adopt";
import { computeDrift } from "@/lib/core/drift";
import type { DriftItem, Spec } from "@/lib/core/types";
import { adoptIntoSpec } from "@/lib/services/adopt-into-spec";
import { analyzeFleet } from "@/lib/services/fleet-analysis";
import { findFleet } from "@/lib/services/find-fleet";
import { loadFingerprints } from "@/lib/services/fingerprint-store";
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

/**
 * The accepted item: of the values hosts carry (never one ahead of the spec: that host's story is a rebuild that
 * would downgrade; never php.ini: that is the line-diff story), the one whose adoption leaves the most hosts
 * conforming (some must: the story is "the spec was old", not "everyone drifts now"). Adopting changes the spec for
 * every host, so this is simulated first.
 */
async function bestAdoption(db: Db, fleetId: number) {
  const analysis = await analyzeFleet(db, fleetId);
  if (!analysis.spec) return null;
  const hashes = [...analysis.rows.keys()];
  const fps = await loadFingerprints(db, hashes);
  const weight = (h: string) => analysis.rows.get(h)?.hosts ?? 0;
  const conforming = (spec: Spec) => [...fps].reduce((n, [h, fp]) => n + (computeDrift(fp, spec).length === 0 ? weight(h) : 0), 0);
  let best: { hash: string; item: DriftItem; after: number } | null = null;
  const tried = new Set<string>();
  for (const [hash, fp] of fps) {
    for (const item of computeDrift(fp, analysis.spec)) {
      const key = `${item.kind}|${item.subject}|${item.actual}`;
      if (tried.has(key) || item.direction === "ahead" || item.subject === "os" || item.subject.endsWith("php.ini")) continue;
      tried.add(key);
      const after = conforming(adoptDrift(analysis.spec, [item], fp.os));
      if (after > 0 && (!best || after > best.after)) best = { hash, item, after };
    }
  }
  return best;
}

export async function seedDemoSpecEdits(db: Db, now: Date) {
  const fleet = await findFleet(db, FLEET);
  if (fleet.specVersion === null) return;
  const adopt = await bestAdoption(db, fleet.id);
  if (adopt) {
    const host = (await listHosts(db, { fleet: FLEET, limit: 1000 })).hosts.find((h) => h.fingerprint === adopt.hash)!;
    const note = `${host.hostname} is right: ${adopt.item.subject} ${adopt.item.actual ?? "(absent)"} is what the fleet runs`;
    await adoptIntoSpec(db, OLIVIA, FLEET, { hostname: host.hostname, items: [{ kind: adopt.item.kind, subject: adopt.item.subject }], baseVersion: fleet.specVersion, note }, new Date(now.getTime() - 3 * 86_400_000)); // each version its own day in the history
  }
  // Waive an extra package (never a config file: the hand-edited php.ini is the line-diff story).
  const rows = await driftByHost(db);
  const waive = mostCommon(rows, (d) => d.kind === "package-extra") ?? mostCommon(rows, (d) => d.kind.startsWith("config-") && !d.subject.includes("php"));
  if (waive) {
    const until = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const current = (await findFleet(db, FLEET)).specVersion;
    await waiveDrift(db, OLIVIA, FLEET, { kind: waive.item.kind, subject: waive.item.subject, reason: "debugging tools stay until the incident review is closed", until, baseVersion: current }, new Date(now.getTime() - 86_400_000));
  }
}
