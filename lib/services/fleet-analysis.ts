import "server-only";
// A fleet's analysis as readers see it: the worker's per-fingerprint rows (hosts, drift count, snowflake flag)
// loaded at once, and the details (drift items, snowflake reasons) computed on demand for the fingerprints a
// page actually shows, against the cohort's counted consensus. Nothing here loads every fingerprint's content.
import { eq } from "drizzle-orm";
import { fleetFingerprints, fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { computeDrift } from "@/lib/core/drift";
import { prepareMember, scoreMember, type ScoringContext } from "@/lib/core/snowflake";
import type { DriftItem, SnowflakeResult, Spec } from "@/lib/core/types";
import { notFound } from "@/lib/server/errors";
import { cohortContext, loadSpec, refreshDue, refreshFleetCounts } from "./analyze-fleet";
import { configsCollectedOf } from "./configs-not-collected";
import { loadFingerprints } from "./fingerprint-store";

export interface FingerprintRow {
  hosts: number;
  driftCount: number | null;
  isSnowflake: boolean;
  score: number;
  topReason: string | null;
}

export interface FingerprintAnalysis {
  hash: string;
  hosts: number;
  drift: DriftItem[] | null; // null when the fleet has no spec
  snowflake: SnowflakeResult;
}

export interface FleetAnalysis {
  fleetId: number;
  specVersion: number | null;
  spec: Spec | null;
  /** Hosts in the cohort (those that reported). */
  hosts: number;
  /** The worker's row per fingerprint of the fleet. */
  rows: Map<string, FingerprintRow>;
  /** Drift items and snowflake reasons of stored fingerprints (absent when the content is not stored). */
  details(hashes: readonly string[]): Promise<Map<string, FingerprintAnalysis>>;
}

const DETAIL_CACHE = 2_000;

export async function analyzeFleet(db: Db, fleetId: number): Promise<FleetAnalysis> {
  await ensureAnalysisFresh(db, fleetId);
  const [fleet] = await db.select({ specVersion: fleets.specVersion }).from(fleets).where(eq(fleets.id, fleetId));
  if (!fleet) throw notFound(`Fleet ${fleetId} does not exist.`);
  const spec = await loadSpec(db, fleetId, fleet.specVersion);
  const list = await db
    .select({ hash: fleetFingerprints.hash, hosts: fleetFingerprints.hosts, driftCount: fleetFingerprints.driftCount, driftSpec: fleetFingerprints.driftSpecVersion, isSnowflake: fleetFingerprints.isSnowflake, score: fleetFingerprints.snowflakeScore, topReason: fleetFingerprints.topReason })
    .from(fleetFingerprints)
    .where(eq(fleetFingerprints.fleetId, fleetId));
  const rows = new Map<string, FingerprintRow>();
  let hosts = 0;
  for (const r of list) {
    hosts += r.hosts;
    // A drift count of an older spec version is not shown as current: the worker is about to redo it.
    const driftCount = r.driftSpec === fleet.specVersion ? r.driftCount : null;
    rows.set(r.hash, { hosts: r.hosts, driftCount, isSnowflake: r.isSnowflake, score: r.score, topReason: r.topReason });
  }
  let ctx: Promise<ScoringContext> | null = null;
  const cache = new Map<string, FingerprintAnalysis>();
  return {
    fleetId,
    specVersion: fleet.specVersion,
    spec,
    hosts,
    rows,
    async details(hashes) {
      const out = new Map<string, FingerprintAnalysis>();
      for (const h of hashes) {
        const a = cache.get(h);
        if (a) out.set(h, a);
      }
      const missing = [...new Set(hashes)].filter((h) => !out.has(h));
      if (missing.length) {
        ctx ??= cohortContext(db, fleetId, hosts);
        const c = await ctx;
        const contents = await loadFingerprints(db, missing);
        const collected = await configsCollectedOf(db, fleetId, contents);
        for (const [hash, fp] of contents) {
          const member = prepareMember(hash, fp);
          const drift = spec ? computeDrift(fp, spec, undefined, { configsCollected: collected(hash) }) : null;
          const a = { hash, hosts: rows.get(hash)?.hosts ?? 0, drift, snowflake: scoreMember(member, c, { configsCollected: collected(hash) }) };
          if (cache.size >= DETAIL_CACHE) cache.clear();
          cache.set(hash, a);
          out.set(hash, a);
        }
      }
      return out;
    },
  };
}

/** How long a read waits for a fleet's analysis to catch up before it shows what is there. */
export const FRESH_WAIT_MS = 1_500;

/**
 * Read-your-writes for lists: a fleet whose analysis is behind is brought up to date before it is read (what
 * the worker has not applied yet is usually a second of reports). During a herd the wait is bounded, so reads
 * stay responsive and show the analysis as of the last second instead.
 */
export async function ensureAnalysisFresh(db: Db, fleet: string | number): Promise<void> {
  const [f] = await db.select({ id: fleets.id, revision: fleets.revision, analyzed: fleets.analyzedRevision }).from(fleets).where(typeof fleet === "number" ? eq(fleets.id, fleet) : eq(fleets.name, fleet));
  if (!f || f.revision === f.analyzed || !refreshDue(db, f.id)) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([refreshFleetCounts(db, f.id), new Promise<void>((r) => (timer = setTimeout(r, FRESH_WAIT_MS)))]).finally(() => clearTimeout(timer));
}
