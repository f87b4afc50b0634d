import "server-only";
// The worker's analysis of a fleet, kept in the database (fleet_fingerprints, fleet_item_counts) and updated
// from what changed: host counts per fingerprint are diffed against the last look, item counts move by the
// fingerprints whose host count moved, drift is computed once per fingerprint and spec version, and snowflake
// scores are computed for new fingerprints at once and for the whole cohort on a throttle.
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { fleetFingerprints, fleets, hosts, specs } from "@/db/schema";
import { pgArray } from "@/db/sql-array";
import { rowsOf, type Db, type Tx } from "@/db/client";
import { scoreMember, scoringContext, type ScoringContext } from "@/lib/core/snowflake";
import { scoreDiff } from "@/lib/core/snowflake-diff";
import { consensusFromCounts, ItemTally } from "@/lib/core/snowflake-counts";
import { putOffRescore, rescoreDue } from "@/lib/core/rescore-due";
import { agentsBusy } from "@/lib/server/ingest-gate";
import { shouldWait, type LastRun } from "@/lib/core/spacing";
import type { Spec } from "@/lib/core/types";
import { configCountOf, hashOf, isDiff, readMembers, readReference, type Member, type Reference } from "./read-members";
import { configsCollectedOf } from "./configs-not-collected";
import { backfillDriftItems, storeDrift } from "./store-drift";
import { driftReference, readDrifts } from "./read-drifts";
import { changesQuietFor } from "./change-clock";
import { inSteps } from "./in-steps";
import { perHandle } from "./per-handle";
import { analysedElsewhere, leaseAnalysis, releaseAnalysis } from "./lease-analysis";

// Work over many fingerprints runs in steps sized to hold the thread ~8 ms each (in-steps.ts): on PGlite the
// analysis shares its thread with every request, and a fixed 50-fingerprint step held check-ins for 50-100 ms.
// A full rescore (every fingerprint against the moved cohort) is spaced by lib/core/rescore-due.ts: a small fleet
// is always exact, a 25,000-fingerprint one a little behind. New fingerprints are scored at once either way.
// Measured cost per fingerprint of the last one, per fleet.
const rescoreCostOf = perHandle("__fleetprintRescoreCosts", () => new Map<number, number>());
/** Fleets whose due whole-cohort rescore waits for the herd to end (putOffRescore); the worker runs it then. */
const putOffOf = perHandle("__fleetprintPutOffRescores", () => new Set<number>());

/** Fingerprints read whole that one refresh keeps between counting and scoring (each holds its items and their keys). */
const READY_KEPT = 2_000;

export async function loadSpec(db: Db, fleetId: number, version: number | null): Promise<Spec | null> {
  if (version === null) return null;
  const [row] = await db.select({ body: specs.body }).from(specs).where(and(eq(specs.fleetId, fleetId), eq(specs.version, version)));
  return row?.body ?? null;
}

const refreshingOf = perHandle("__fleetprintRefreshes", () => new Map<number, Refresh>());

/**
 * Brings one fleet's analysis up to date as of this call; returns false when there was nothing to do (or another
 * worker did it). A refresh already in flight read the fleet before this call (before the spec version or the
 * change the caller just committed, say), so it is waited for, and then one that starts now is shared: the
 * trend point written after a spec save must count drift from that version, not from the one before.
 */
export async function refreshFleetAnalysis(db: Db, fleetId: number, now = new Date()): Promise<boolean> {
  const done = await refreshHere(db, fleetId, now);
  // Another instance held the fleet's lease (PostgreSQL): its refresh is this call's too.
  if (!done) await analysedElsewhere(db, fleetId, ELSEWHERE_WAIT_MS);
  return done;
}

/** refreshFleetAnalysis by this process alone: the worker's, which skips a fleet another instance analyses. */
async function refreshHere(db: Db, fleetId: number, now: Date): Promise<boolean> {
  const before = refreshingOf(db).get(fleetId);
  if (before) await before.done.catch(() => {});
  return startRefresh(db, fleetId, now).done;
}

/** Longest a caller waits for another instance's refresh of the fleet (a page bounds its own wait lower). */
const ELSEWHERE_WAIT_MS = 5_000;

/**
 * For reads: resolves once the fleet's counts, drift and the scores of its new fingerprints are in, without
 * waiting for a whole-cohort rescore that the same refresh may go on with (after a restart the first refresh of
 * a 25,000-fingerprint fleet rescores all of it: seconds, and the page would wait for them).
 */
export function refreshFleetCounts(db: Db, fleetId: number): Promise<unknown> {
  return startRefresh(db, fleetId, new Date()).counted.then(() => analysedElsewhere(db, fleetId, ELSEWHERE_WAIT_MS));
}

interface Refresh {
  done: Promise<boolean>;
  counted: Promise<void>;
}

function startRefresh(db: Db, fleetId: number, now: Date): Refresh {
  const refreshing = refreshingOf(db);
  let r = refreshing.get(fleetId);
  if (!r) {
    const t0 = performance.now();
    let countedMs: number | undefined;
    let resolveCounted!: () => void;
    const countedP = new Promise<void>((res) => (resolveCounted = res));
    const counted = () => {
      countedMs ??= performance.now() - t0;
      resolveCounted();
    };
    // Spaced by what the counting part cost: a whole-cohort rescore has its own, wider spacing (rescore-due.ts),
    // and counting it here too held the fleet's analysis a minute or more behind the end of a herd.
    const done = applyFleetAnalysis(db, fleetId, now, counted).finally(() => {
      counted();
      refreshing.delete(fleetId);
      refreshesOf(db).set(fleetId, { at: performance.now(), ms: countedMs! });
    });
    // A read may have started this refresh and waited only for its counts: a failure later on (a database
    // going away) is not that read's, and the worker's next refresh meets and reports it.
    done.catch(() => {});
    r = { done, counted: countedP };
    refreshing.set(fleetId, r);
  }
  return r;
}

/** Refreshes costing less than this are never held back: small fleets are always read fresh. */
const CHEAP_REFRESH_MS = 250;
const refreshesOf = perHandle("__fleetprintLastRefresh", () => new Map<number, LastRun>());

/**
 * Whether a refresh may start now. During a herd on a large fleet each refresh applies a second's worth of
 * reports and costs hundreds of milliseconds; spacing them (lib/core/spacing.ts) also batches more changes per
 * refresh (a fleet's common values are rewritten once per refresh). Once changes stop, the spacing ends too.
 */
export function refreshDue(db: Db, fleetId: number): boolean {
  return changesQuietFor(QUIET_MS) || !shouldWait(refreshesOf(db).get(fleetId), performance.now(), CHEAP_REFRESH_MS, LONGEST_WAIT_MS);
}
/**
 * A refresh also scores the fingerprints that came while it waited, so its cost grows with the wait: spaced at ten
 * times its cost alone, each wait was longer than the last (a 50,000-host herd left 12,687 new fingerprints to the
 * last refresh, 30 s of scoring beside the check-ins that followed). Never waiting longer than this bounds them.
 */
const LONGEST_WAIT_MS = 5_000;
/** After this long without a change the herd is over: a fleet's refresh runs at once, whatever it costs. */
const QUIET_MS = 2_000;
/**
 * Reports still change fleets, or agents are being answered right now (the check-ins that follow a herd): a whole
 * rescore put off (putOffRescore) waits, since it would share the thread with them. A fleet whose agents report
 * now and then (a 50,000-host fleet checking in hourly is ~14 requests a second) leaves idle moments every second.
 */
const herdGoingOn = () => !changesQuietFor(QUIET_MS) || agentsBusy();

type FleetLook = { revision: number; analyzed: number; specVersion: number | null; rescoredAt: Date | null };

async function applyFleetAnalysis(db: Db, fleetId: number, now: Date, onCounted: () => void): Promise<boolean> {
  const [fleet] = await db.select({ revision: fleets.revision, analyzed: fleets.analyzedRevision, specVersion: fleets.specVersion, rescoredAt: fleets.rescoredAt }).from(fleets).where(eq(fleets.id, fleetId));
  if (!fleet) return false;
  // Counts are current, and no rescore was put off during a herd (it runs once the herd is over): nothing to do.
  if (fleet.revision === fleet.analyzed && (!putOffOf(db).has(fleetId) || herdGoingOn())) return false;
  // Another instance analyses this fleet now (PostgreSQL): its work would be done twice (lease-analysis.ts).
  if (!(await leaseAnalysis(db, fleetId))) return false;
  try {
    if (fleet.revision !== fleet.analyzed) return await applyChanges(db, fleetId, fleet, now, onCounted);
    onCounted();
    await rescoreWhole(db, fleetId, await cohortContext(db, fleetId), new Map(), await referenceOf(db, fleetId), now);
    return true;
  } finally {
    await releaseAnalysis(db, fleetId);
  }
}

/** Host counts, item counts, drift and scores moved by what changed since `fleet.analyzed` (the caller holds the lease). */
async function applyChanges(db: Db, fleetId: number, fleet: FleetLook, now: Date, onCounted: () => void): Promise<boolean> {
  const counted = await db
    .select({ hash: hosts.fingerprintHash, n: sql<number>`count(*)::int` })
    .from(hosts)
    .where(and(eq(hosts.fleetId, fleetId), isNotNull(hosts.fingerprintHash)))
    .groupBy(hosts.fingerprintHash);
  const known = new Map((await db.select({ hash: fleetFingerprints.hash, hosts: fleetFingerprints.hosts }).from(fleetFingerprints).where(eq(fleetFingerprints.fleetId, fleetId))).map((r) => [r.hash, r.hosts]));
  const delta = new Map<string, number>();
  for (const c of counted) {
    const d = Number(c.n) - (known.get(c.hash!) ?? 0);
    if (d !== 0) delta.set(c.hash!, d);
    known.delete(c.hash!);
  }
  for (const [hash, n] of known) delta.set(hash, -n);

  // Item counts move by (host count change) × (the fingerprint's items), a batch of contents at a time, each read
  // against the fleet's most common fingerprint where it can be (read-members.ts).
  const itemDelta = new ItemTally();
  const changed = [...delta.keys()];
  const ref = await referenceOf(db, fleetId, counted);
  // Fingerprints that gained hosts are scored below. Those read as a difference are kept (they are small), and the
  // first READY_KEPT read whole; past that those are read again when scored, so a backlog of 25,000 new
  // fingerprints unlike the reference does not hold 25,000 whole fingerprints in memory at once.
  const gained = new Set<string>();
  const ready = new Map<string, Member>();
  let kept = 0;
  await inSteps(changed, async (slice) => {
    for (const member of await readMembers(db, slice, ref)) {
      const hash = hashOf(member);
      const d = delta.get(hash)!;
      if (d > 0) {
        gained.add(hash);
        if (isDiff(member)) ready.set(hash, member);
        else if (kept++ < READY_KEPT) ready.set(hash, member);
      }
      if (isDiff(member)) itemDelta.addDiff(member, d);
      else itemDelta.add(member, d);
    }
  });
  const moved = [...itemDelta.counts()].filter(([, d]) => d !== 0);
  const total = counted.reduce((s, c) => s + Number(c.n), 0);

  const applied = await db.transaction(async (tx) => {
    // The claim: of two workers looking at the same revision, one applies its deltas (counts must move once).
    const [won] = await tx
      .update(fleets)
      .set({ analyzedRevision: fleet.revision })
      .where(and(eq(fleets.id, fleetId), eq(fleets.analyzedRevision, fleet.analyzed)))
      .returning({ id: fleets.id });
    if (!won) return false;
    await addCounts(tx, "fleet_item_counts", "item", fleetId, moved);
    await addCounts(tx, "fleet_fingerprints", "hash", fleetId, [...delta]);
    return true;
  });
  if (!applied) return false;

  await refreshDrift(db, fleetId, fleet.specVersion, ref, now);
  const cost = rescoreCostOf(db).get(fleetId);
  let due = rescoreDue(fleet.rescoredAt, now, counted.length, cost);
  if (due && putOffRescore(fleet.rescoredAt, now, counted.length, herdGoingOn(), cost)) {
    putOffOf(db).add(fleetId);
    due = false;
  }
  // New fingerprints are scored first, so a read that waits only for them shows every host scored.
  const ctx = gained.size > 0 || due ? await cohortContext(db, fleetId, total) : null;
  if (ctx) await rescore(db, fleetId, ctx, [...gained], ready, ref, now);
  onCounted();
  if (ctx && due) await rescoreWhole(db, fleetId, ctx, ready, ref, now, gained);
  return true;
}

/** The whole cohort against `ctx` (but `scored`, done a moment ago), its cost per fingerprint noted for the spacing. */
async function rescoreWhole(db: Db, fleetId: number, ctx: ScoringContext, ready: Map<string, Member>, ref: Reference | null, now: Date, scored: ReadonlySet<string> = new Set()) {
  const t0 = performance.now();
  const n = await rescore(db, fleetId, ctx, null, ready, ref, now, scored);
  rescoreCostOf(db).set(fleetId, (performance.now() - t0) / Math.max(1, n));
  putOffOf(db).delete(fleetId);
  await db.update(fleets).set({ rescoredAt: now }).where(eq(fleets.id, fleetId));
}

/** Adds signed host counts per key (in chunks of one array parameter each) and drops keys left with none. */
async function addCounts(tx: Tx, table: "fleet_item_counts" | "fleet_fingerprints", key: "item" | "hash", fleetId: number, entries: [string, number][]) {
  const t = sql.identifier(table);
  const k = sql.identifier(key);
  for (let i = 0; i < entries.length; i += 20_000) {
    const chunk = entries.slice(i, i + 20_000);
    await tx.execute(sql`insert into ${t} (fleet_id, ${k}, hosts)
      select ${fleetId}, k, n from unnest(${pgArray(chunk.map(([x]) => x), "text")}, ${pgArray(chunk.map(([, d]) => d), "int")}) as d(k, n)
      on conflict (fleet_id, ${k}) do update set hosts = ${t}.hosts + excluded.hosts`);
  }
  await tx.execute(sql`delete from ${t} where fleet_id = ${fleetId} and hosts <= 0`);
}

/**
 * Drift of the fingerprints not yet compared with the current spec version (all of them after a new one): the
 * count beside the fingerprint and its items in fleet_drift_items (the fleet-wide drift view groups those), both
 * replaced in one transaction per batch, each a single statement over array parameters. Waivers apply as of `now`.
 * Most are judged from their difference with the reference (read-drifts.ts).
 */
async function refreshDrift(db: Db, fleetId: number, specVersion: number | null, ref: Reference | null, now = new Date()) {
  const spec = await loadSpec(db, fleetId, specVersion);
  const where = and(eq(fleetFingerprints.fleetId, fleetId), sql`${fleetFingerprints.driftSpecVersion} is distinct from ${specVersion}`);
  const todo = (await db.select({ hash: fleetFingerprints.hash }).from(fleetFingerprints).where(where)).map((r) => r.hash);
  const against = spec && todo.length > 0 ? driftReference(ref, spec, now) : null;
  await inSteps(todo, async (slice) => {
    const drifts = spec ? await readDrifts(db, fleetId, slice, spec, against, now) : slice.map(() => null);
    await storeDrift(db, fleetId, specVersion, slice, drifts);
  });
}

/** The cohort's consensus from its item counts: no fingerprint content is read. */
export async function cohortContext(db: Db, fleetId: number, hostsInCohort?: number): Promise<ScoringContext> {
  const rows = rowsOf<{ item: string; hosts: number }>(await db.execute(sql`select item, hosts from fleet_item_counts where fleet_id = ${fleetId} and hosts > 0`));
  let n = hostsInCohort;
  if (n === undefined) {
    const [r] = await db.select({ n: sql<number>`coalesce(sum(${fleetFingerprints.hosts}), 0)::int` }).from(fleetFingerprints).where(eq(fleetFingerprints.fleetId, fleetId));
    n = Number(r?.n ?? 0);
  }
  // The fleet's own threshold when it set one (policy), else the product default: every score of the fleet uses it.
  // Hosts fed by a source without config files (imports) are left out of what a file's presence is judged among.
  const [f] = await db
    .select({ threshold: fleets.snowflakeThreshold, notCollected: sql<number>`(select count(*)::int from ${hosts} where ${hosts.fleetId} = ${fleetId} and ${hosts.fingerprintHash} is not null and not ${hosts.configsCollected})` })
    .from(fleets)
    .where(eq(fleets.id, fleetId));
  const configHosts = Math.max(0, n - Number(f?.notCollected ?? 0));
  return scoringContext(consensusFromCounts(rows.map((r) => [r.item, Number(r.hosts)] as const), n, configHosts), { threshold: f?.threshold ?? undefined });
}

/**
 * Scores `only` (or every fingerprint of the fleet when null) against the cohort and stores the results. `ready`:
 * fingerprints prepared already; `scored`: left out of the whole cohort, scored a moment ago against the same context.
 */
async function rescore(db: Db, fleetId: number, ctx: ScoringContext, only: string[] | null, ready: Map<string, Member>, ref: Reference | null, now: Date, scored: ReadonlySet<string> = new Set()): Promise<number> {
  const todo = only ?? (await db.select({ hash: fleetFingerprints.hash }).from(fleetFingerprints).where(eq(fleetFingerprints.fleetId, fleetId))).map((r) => r.hash).filter((h) => !scored.has(h));
  // The whole cohort is background work: it steps aside while agents are answered (new fingerprints do not).
  const background = only === null ? agentsBusy : undefined;
  await inSteps(todo, async (slice) => {
    const members = slice.filter((h) => ready.has(h)).map((h) => ready.get(h)!);
    const rest = slice.filter((h) => !ready.has(h));
    if (rest.length) members.push(...(await readMembers(db, rest, ref)));
    const collected = await configsCollectedOf(db, fleetId, new Map(members.map((m) => [hashOf(m), { configs: { length: configCountOf(m) } }])));
    const hashes: string[] = [];
    const scores: number[] = [];
    const flakes: boolean[] = [];
    const reasons: (string | null)[] = [];
    for (const member of members) {
      const hash = hashOf(member);
      const opts = { configsCollected: collected(hash) };
      const r = isDiff(member) ? scoreDiff(member, ctx, opts) : scoreMember(member, ctx, opts);
      hashes.push(hash);
      scores.push(r.score);
      flakes.push(r.isSnowflake);
      reasons.push(r.reasons[0]?.explain ?? null);
    }
    await db.execute(sql`update fleet_fingerprints f set snowflake_score = d.score, is_snowflake = d.flake, top_reason = d.reason, scored_at = ${now.toISOString()}::timestamptz
      from unnest(${pgArray(hashes, "text")}, ${pgArray(scores, "real")}, ${pgArray(flakes, "boolean")}, ${pgArray(reasons, "text")}) as d(hash, score, flake, reason)
      where f.fleet_id = ${fleetId} and f.hash = d.hash`);
  }, { pauseWhen: background });
  return todo.length;
}

/**
 * The fingerprint most of the fleet's hosts have (ties: the smallest hash), read as the reference the others are
 * read against; `counted` when the caller has the host counts already.
 */
async function referenceOf(db: Db, fleetId: number, counted?: readonly { hash: string | null; n: number }[]): Promise<Reference | null> {
  let best: { hash: string | null; n: number } | undefined;
  if (counted) {
    for (const c of counted) if (!best || Number(c.n) > Number(best.n) || (Number(c.n) === Number(best.n) && c.hash! < best.hash!)) best = c;
  } else {
    [best] = await db.select({ hash: fleetFingerprints.hash, n: fleetFingerprints.hosts }).from(fleetFingerprints).where(eq(fleetFingerprints.fleetId, fleetId)).orderBy(desc(fleetFingerprints.hosts), fleetFingerprints.hash).limit(1);
  }
  return best?.hash ? readReference(db, best.hash) : null;
}

/** Every fleet whose analysis is behind; the worker calls it each tick. */
export async function refreshAnalyses(db: Db, now = new Date()): Promise<number> {
  await backfillDriftItems(db);
  const behind = await db.select({ id: fleets.id }).from(fleets).where(sql`${fleets.revision} <> ${fleets.analyzedRevision}`);
  // And those whose rescore waited for a herd, once it is over.
  const ids = new Set([...behind.map((f) => f.id), ...(herdGoingOn() ? [] : putOffOf(db))]);
  let n = 0;
  for (const id of ids) if (refreshDue(db, id) && (await refreshHere(db, id, now))) n++;
  return n;
}
