import "server-only";
import { and, eq, or } from "drizzle-orm";
import { hostHistory } from "@/db/schema";
import type { Db } from "@/db/client";
import { diffAgainstSpec, diffFingerprints, sideBySide, type DiffRow } from "@/lib/core/diff";
import { configsCollectedFor } from "@/lib/core/drift";
import { countChanges, describeChanges, type ChangeCounts } from "@/lib/core/diff-summary";
import { badRequest, notFound } from "@/lib/server/errors";
import { getSpec } from "./get-spec";
import { findHost, loadFingerprint } from "./get-host";

/** What to compare the host with: its spec ("spec"), another host ("host:<name>[@fleet]"), or two points of its own history. */
export type DiffTarget = { against: string } | { from: string; to: string };

export interface HostDiff {
  hostname: string;
  fleet: string;
  left: { kind: string; name: string };
  right: { kind: string; name: string };
  /** The right side, short and ASCII, for export file names: "spec-v2", "web-03", "history-3f2a9c1b0d4e-9c8b7a6f5e4d". */
  slug: string;
  rows: DiffRow[];
  /** OS facts (kernel, release) that differ: not rows, but counted in the summary. 0 against a spec. */
  osChanges: number;
  /** Left to right: "3 packages upgraded, 1 added, 2 configs changed". */
  summary: { counts: ChangeCounts; text: string };
}

const HASH = /^[0-9a-f]{64}$/;
const HISTORY_ID = /^\d{1,15}$/;

function summarize(rows: DiffRow[], osChanges: number) {
  const counts = countChanges(rows, osChanges);
  return { counts, text: describeChanges(counts) };
}

/**
 * Side-by-side rows of a host against its fleet's spec, another host, or two of its own fingerprints. History
 * points are full sha256 hashes or history entry ids; both must belong to this host's history, so the page
 * cannot be used to read arbitrary fingerprints of other fleets.
 */
export async function diffHost(db: Db, hostname: string, fleetName: string | undefined, target: DiffTarget): Promise<HostDiff> {
  const { host, fleet } = await findHost(db, hostname, fleetName);
  const base = { hostname: host.hostname, fleet: fleet.name };
  if ("from" in target) {
    const from = await resolvePoint(db, host.id, host.fingerprintHash, target.from, "from");
    const to = await resolvePoint(db, host.id, host.fingerprintHash, target.to, "to");
    const [left, right] = [await loadFingerprint(db, from), await loadFingerprint(db, to)];
    if (!left || !right) throw notFound("That fingerprint is no longer stored.");
    const rows = sideBySide(left, right);
    const os = diffFingerprints(left, right).os.length;
    return {
      ...base,
      left: { kind: "fingerprint", name: `${from.slice(0, 12)} (before)` },
      right: { kind: "fingerprint", name: `${to.slice(0, 12)} (after)` },
      slug: `history-${from.slice(0, 12)}-${to.slice(0, 12)}`,
      rows,
      osChanges: os,
      summary: summarize(rows, os),
    };
  }

  if (!host.fingerprintHash) throw badRequest(`Host "${hostname}" has not reported yet; nothing to compare.`);
  const mine = (await loadFingerprint(db, host.fingerprintHash))!;
  const against = target.against;
  if (against === "spec") {
    const spec = await getSpec(db, fleet.name);
    const rows = diffAgainstSpec(mine, spec.spec, { configsCollected: configsCollectedFor(mine, !host.configsCollected) });
    return { ...base, left: { kind: "host", name: host.hostname }, right: { kind: "spec", name: `${fleet.name} spec v${spec.version}` }, slug: `spec-v${spec.version}`, rows, osChanges: 0, summary: summarize(rows, 0) };
  }
  const m = /^host:(.+)$/.exec(against);
  if (!m) throw badRequest(`against must be "spec" or "host:<hostname>", got "${against}".`);
  const [otherName, otherFleet] = m[1].split("@");
  const other = await findHost(db, otherName, otherFleet || undefined);
  if (!other.host.fingerprintHash) throw badRequest(`Host "${otherName}" has not reported yet; nothing to compare.`);
  const theirs = (await loadFingerprint(db, other.host.fingerprintHash))!;
  const rows = sideBySide(mine, theirs);
  const os = diffFingerprints(mine, theirs).os.length;
  const slug = other.fleet.id === fleet.id ? other.host.hostname : `${other.host.hostname}@${other.fleet.name}`;
  return { ...base, left: { kind: "host", name: host.hostname }, right: { kind: "host", name: other.host.hostname }, slug, rows, osChanges: os, summary: summarize(rows, os) };
}

/** A history point as a fingerprint hash of this host: a hash it had, or the id of one of its history entries. */
async function resolvePoint(db: Db, hostId: number, current: string | null, point: string, which: "from" | "to"): Promise<string> {
  if (HISTORY_ID.test(point)) {
    const [row] = await db
      .select({ fp: hostHistory.fingerprintHash })
      .from(hostHistory)
      .where(and(eq(hostHistory.hostId, hostId), eq(hostHistory.id, Number(point))));
    if (!row) throw notFound(`This host has no history entry ${point}.`);
    if (!row.fp) throw badRequest(`History entry ${point} records no fingerprint (an enrolment or a rebuild); pick a fingerprint change.`);
    return row.fp;
  }
  if (!HASH.test(point)) throw badRequest(`${which} must be a full sha256 fingerprint hash or a history entry id.`);
  if (point === current) return point;
  const [seen] = await db
    .select({ id: hostHistory.id })
    .from(hostHistory)
    .where(and(eq(hostHistory.hostId, hostId), or(eq(hostHistory.fingerprintHash, point), eq(hostHistory.previousHash, point))))
    .limit(1);
  if (!seen) throw notFound(`This host never had fingerprint ${point.slice(0, 12)}.`);
  return point;
}
