import "server-only";
// The drift export's data: which fleets and hosts, each host's drift against its fleet's current spec with the
// time each item first appeared. Hosts come out one at a time from pages of PAGE_SIZE rows, so a 10,000-host
// export holds one page, the fleets' analyses (per distinct fingerprint) and a bounded drift cache.
import { setImmediate } from "node:timers/promises";
import { and, asc, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { fleets, hosts as hostTable } from "@/db/schema";
import type { Db } from "@/db/client";
import type { ExportFilters, ExportFleet, ExportHost, ExportItem, ExportMeta } from "@/lib/core/drift-export";
import { itemsSince } from "@/lib/core/drift-since";
import { REASONS_PER_SNOWFLAKE } from "@/lib/core/drift-report";
import { hostNeedle, matchesHostFilter, type HostFilterFlags } from "@/lib/core/host-filter";
import { reportingStatus, staleBefore, type ReportingStatus } from "@/lib/core/reporting";
import type { Strategy } from "@/lib/core/types";
import type { HostSource } from "@/lib/core/host-source";
import { analyzeFleet, type FleetAnalysis } from "./fleet-analysis";
import { analysisOf, countHostsByFingerprint } from "./host-analysis";
import { DriftKeyCache, firstSeenForPage } from "./drift-history";
import { findFleet } from "./find-fleet";
import { SpecHistory } from "./spec-history";
import { summarizeFleet, type FleetSummary } from "./list-fleets";

export const PAGE_SIZE = 500;

export interface ExportDriftInput extends HostFilterFlags {
  fleet?: string;
  /** Only hosts whose data comes from this source (hosts.source). */
  source?: HostSource;
  /** Only items first seen at or after this instant; hosts left without items are left out. */
  since?: Date;
  /** `since` as the caller wrote it, echoed in the file. */
  sinceText?: string;
}

export interface DriftExport {
  meta: ExportMeta;
  /** The dashboard's whole-fleet numbers for the fleets in scope: the reports' scorecard. */
  scorecard(): Promise<FleetSummary[]>;
  /**
   * The exported hosts, ordered by fleet then hostname; may be iterated more than once (a report summarises
   * first, then lists). `firstSeen: false` skips the history lookups when the caller ignores the dates.
   */
  hosts(opts?: { firstSeen?: boolean }): AsyncGenerator<ExportHost>;
}

interface ScopeFleet {
  id: number;
  intervalMinutes: number;
  name: string;
  strategy: Strategy;
  analysis: FleetAnalysis;
  cache: DriftKeyCache | null;
  /** The fleet's spec versions, for "differs from the current spec since" (memoised per subject). */
  history: SpecHistory;
}

/** The reporting filter as lib/core/reporting has it (strictly older than now − interval), for one fleet. */
function reportingWhere(status: ReportingStatus | undefined, stale: Date): SQL | undefined {
  if (status === "never") return isNull(hostTable.lastSeen);
  if (status === "not-reporting") return lt(hostTable.lastSeen, stale);
  if (status === "reporting") return gte(hostTable.lastSeen, stale);
  return undefined;
}

export async function exportDrift(db: Db, input: ExportDriftInput, now = new Date()): Promise<DriftExport> {
  const rows = input.fleet ? [await findFleet(db, input.fleet)] : await db.select().from(fleets).orderBy(asc(fleets.name));
  // One analysis per fleet for the whole export: pages read later stay consistent with the counts sent first.
  const scope: ScopeFleet[] = [];
  for (const f of rows) {
    const analysis = await analyzeFleet(db, f.id);
    scope.push({ id: f.id, intervalMinutes: f.reportingIntervalMinutes, name: f.name, strategy: f.strategy, analysis, cache: analysis.spec ? new DriftKeyCache(analysis.spec) : null, history: new SpecHistory(db, f.id, analysis.spec ? analysis.specVersion : null) });
  }
  const needle = hostNeedle(input.q);
  const textWhere = (f: ScopeFleet): SQL =>
    and(
      eq(hostTable.fleetId, f.id),
      needle ? sql`(strpos(lower(${hostTable.hostname}), ${needle}) > 0 or starts_with(${hostTable.fingerprintHash}, ${needle}))` : undefined,
      reportingWhere(input.reporting, staleBefore(now, f.intervalMinutes)),
      input.source ? eq(hostTable.source, input.source) : undefined,
    )!;
  const flags: HostFilterFlags = { drifted: input.drifted, snowflake: input.snowflake };

  // Counted per distinct fingerprint, so the total is known before the first byte without reading the hosts.
  const exportFleets: ExportFleet[] = [];
  for (const f of scope) {
    let n = 0;
    for (const g of await countHostsByFingerprint(db, f.analysis, textWhere(f))) {
      if (matchesHostFilter({ hostname: "", fingerprint: g.hash, driftCount: g.driftCount, isSnowflake: g.isSnowflake }, flags)) n += g.hosts;
    }
    exportFleets.push({ name: f.name, strategy: f.strategy, specVersion: f.analysis.specVersion, hosts: n });
  }
  const filters: ExportFilters = {
    fleet: input.fleet ?? null,
    drifted: input.drifted ?? null,
    snowflake: input.snowflake ?? null,
    q: input.q?.trim() ? input.q.trim() : null,
    since: input.since ? (input.sinceText ?? input.since.toISOString()) : null,
    reporting: input.reporting ?? null,
    source: input.source ?? null,
  };
  const meta: ExportMeta = { generatedAt: now.toISOString(), filters, fleets: exportFleets, totalHosts: exportFleets.reduce((s, f) => s + f.hosts, 0) };

  async function* hostsOf(f: ScopeFleet, withDates: boolean): AsyncGenerator<ExportHost> {
    let after: string | null = null;
    for (;;) {
      const where: SQL = after === null ? textWhere(f) : and(textWhere(f), gt(hostTable.hostname, after))!;
      const page = await db
        .select({ id: hostTable.id, hostname: hostTable.hostname, fingerprint: hostTable.fingerprintHash, lastChanged: hostTable.lastChanged, lastSeen: hostTable.lastSeen, configsCollected: hostTable.configsCollected, source: hostTable.source })
        .from(hostTable)
        .where(where)
        .orderBy(asc(hostTable.hostname))
        .limit(PAGE_SIZE);
      if (page.length === 0) return;
      after = page[page.length - 1].hostname;
      // Details (drift items, snowflake reasons) of the page's distinct fingerprints, computed against the
      // fleet's current spec and cohort; a fingerprint the worker has not counted yet has no snowflake flag.
      const details = await f.analysis.details(page.flatMap((r) => (r.fingerprint ? [r.fingerprint] : [])));
      const picked = page.flatMap((r) => {
        const a = r.fingerprint ? details.get(r.fingerprint) : undefined;
        const drift = a ? a.drift : null;
        const { isSnowflake, score } = analysisOf(f.analysis, r.fingerprint);
        const host = { ...r, a, drift, driftCount: drift ? drift.length : null, isSnowflake, score };
        return matchesHostFilter(host, { ...flags, q: input.q }) ? [host] : [];
      });
      const dates =
        withDates && f.cache
          ? await firstSeenForPage(
              db,
              picked.flatMap((p) => (p.fingerprint && p.drift ? [{ id: p.id, fingerprint: p.fingerprint, lastChanged: p.lastChanged, items: p.drift, configsCollected: p.configsCollected }] : [])),
              f.cache,
              (hash) => details.get(hash)?.drift ?? undefined,
            )
          : new Map<number, (Date | null)[]>();
      for (const p of picked) {
        const when = dates.get(p.id);
        const drift = p.drift ?? [];
        const differs = withDates && when ? await f.history.differsSince(drift, when) : [];
        const items: ExportItem[] = drift.map((d, i) => ({
          ...d,
          firstSeen: when?.[i]?.toISOString() ?? null,
          ...(withDates ? { differsSince: differs[i]?.at.toISOString() ?? null, differsSinceVersion: differs[i]?.version ?? null } : {}),
        }));
        const kept = itemsSince(items, input.since ?? null);
        if (input.since && kept.length === 0) continue;
        yield {
          fleet: f.name,
          strategy: f.strategy,
          hostname: p.hostname,
          fingerprint: p.fingerprint,
          driftCount: p.driftCount,
          snowflakeScore: Math.round(p.score * 100) / 100,
          isSnowflake: p.isSnowflake,
          snowflakeReasons: p.isSnowflake ? (p.a?.snowflake.reasons.slice(0, REASONS_PER_SNOWFLAKE) ?? []) : [],
          items: kept,
          reporting: reportingStatus(p.lastSeen, f.intervalMinutes, now),
          lastSeen: p.lastSeen?.toISOString() ?? null,
          source: p.source,
        };
      }
      if (page.length < PAGE_SIZE) return;
      // PGlite answers in the same thread, often without a trip through the event loop: without this turn a
      // long export would hold every other request (and its own socket writes) until it ends.
      await setImmediate();
    }
  }

  return {
    meta,
    async scorecard() {
      const out: FleetSummary[] = [];
      for (const f of rows) out.push(await summarizeFleet(db, f, now));
      return out;
    },
    async *hosts(opts = {}) {
      const withDates = opts.firstSeen !== false || input.since !== undefined;
      for (const f of scope) yield* hostsOf(f, withDates);
    },
  };
}
