import "server-only";
// The line diff of one config file of a host against the version it should have (issue 9): the spec's version
// when the spec pins a hash whose content is stored, else the fleet's most common other version (a peer's), or a
// named host's. Reads only: contents arrive from agents (store-contents.ts).
import { and, eq, inArray, sql } from "drizzle-orm";
import { configContents, fleetItemCounts } from "@/db/schema";
import type { Db } from "@/db/client";
import { NEVER_RECEIVED } from "@/lib/core/config-content";
import { diffLines, summarizeDiff, type LineDiff } from "@/lib/core/line-diff";
import { configItemPrefix } from "@/lib/core/snowflake-counts";
import type { ConfigEntry } from "@/lib/core/types";
import { badRequest, notFound } from "@/lib/server/errors";
import { loadCurrentSpec, type Fleet } from "./edit-spec";
import { findHost, loadFingerprint } from "./get-host";
import { storedContents } from "./want-content";

export interface ConfigSide {
  /** "host" (this host's file), "spec", "peer" (the fleet's most common other version) or "other-host". */
  kind: "host" | "spec" | "peer" | "other-host";
  /** In words: "web-07", "spec v2", "the fleet's most common version (38 of 40 hosts)". */
  label: string;
  sha256: string | null;
  /** The server holds this side's content; when false, `missing` says why it may not. */
  received: boolean;
  missing?: string;
}

export interface ConfigDiff {
  hostname: string;
  fleet: string;
  path: string;
  /** The version the host should have (or is compared with), then the host's own. */
  reference: ConfigSide | null;
  host: ConfigSide;
  /** From reference to host; null when a side is missing or the two hashes are equal. */
  diff: LineDiff | null;
  /** "memory_limit = 128M → 512M", or why there is no diff. */
  summary: string;
}

/** `against`: "spec" (default; falls back to the peer version), "peer", or "host:<name>[@fleet]". */
export async function diffConfig(db: Db, hostname: string, fleetName: string | undefined, path: string, against = "spec"): Promise<ConfigDiff> {
  const { host, fleet } = await findHost(db, hostname, fleetName);
  const fp = host.fingerprintHash ? await loadFingerprint(db, host.fingerprintHash) : null;
  if (!fp) throw badRequest(`Host "${hostname}" has not reported yet; nothing to compare.`);
  const entry = fp.configs.find((c) => c.path === path);
  if (!entry) throw notFound(`Host "${host.hostname}" has no config file ${path}.`);
  const mine: ConfigSide = { kind: "host", label: host.hostname, sha256: fileHash(entry), received: false };

  let reference: ConfigSide | null = null;
  if (against.startsWith("host:")) {
    const [otherName, otherFleet] = against.slice(5).split("@");
    const other = await findHost(db, otherName, otherFleet || undefined);
    const theirs = other.host.fingerprintHash ? await loadFingerprint(db, other.host.fingerprintHash) : null;
    const e = theirs?.configs.find((c) => c.path === path);
    if (!e) throw notFound(`Host "${other.host.hostname}" has no config file ${path}.`);
    reference = { kind: "other-host", label: other.host.hostname, sha256: fileHash(e), received: false };
  } else {
    if (against === "spec") reference = await specSide(db, fleet, path);
    // Without the spec's content, the fleet's most common other version whose content is here (a peer's).
    const specHash = reference?.sha256;
    if (!specHash || !(await storedContents(db, [specHash])).has(specHash)) {
      const peer = await peerSide(db, fleet.id, path, mine.sha256, against === "peer");
      reference = peer ?? reference;
    }
  }

  const hashes = [mine.sha256, reference?.sha256].filter((h): h is string => !!h);
  const rows = hashes.length ? await db.select({ sha256: configContents.sha256, content: configContents.content }).from(configContents).where(inArray(configContents.sha256, hashes)) : [];
  const content = new Map(rows.map((r) => [r.sha256, r.content]));
  for (const side of [mine, reference]) {
    if (!side) continue;
    side.received = side.sha256 !== null && content.has(side.sha256);
    if (!side.received) side.missing = side.sha256 === null ? "not a readable regular file" : NEVER_RECEIVED;
  }
  const base = { hostname: host.hostname, fleet: fleet.name, path, reference, host: mine };
  if (!reference) return { ...base, diff: null, summary: "no other version to compare with: the spec does not pin this file and no other host of the fleet carries another version" };
  if (reference.sha256 === mine.sha256) return { ...base, diff: null, summary: `the same content as ${reference.label}` };
  if (!mine.received || !reference.received) {
    const which = !mine.received ? `${host.hostname}'s version` : `${reference.label}'s version`;
    return { ...base, diff: null, summary: `no line diff: ${which}: ${(!mine.received ? mine : reference).missing}` };
  }
  const diff = diffLines(content.get(reference.sha256!)!, content.get(mine.sha256!)!);
  return { ...base, diff, summary: summarizeDiff(diff) };
}

const fileHash = (e: ConfigEntry) => (e.type === "file" ? e.sha256 : null);

async function specSide(db: Db, fleet: Fleet, path: string): Promise<ConfigSide | null> {
  const spec = await loadCurrentSpec(db, fleet);
  const want = spec?.spec.configs.files[path];
  // "*" (any content) and symlink pins name no content to compare with.
  if (!spec || !want || !/^[0-9a-f]{64}$/.test(want)) return null;
  return { kind: "spec", label: `spec v${spec.version}`, sha256: want, received: false };
}

/**
 * The fleet's most common version of the file other than `mine` (from the worker's per-fleet item counts): of
 * those whose content is stored, unless `anyContent` (asked for the peer version itself).
 */
async function peerSide(db: Db, fleetId: number, path: string, mine: string | null, anyContent: boolean): Promise<ConfigSide | null> {
  const prefix = configItemPrefix(path);
  const rows = await db
    .select({ item: fleetItemCounts.item, hosts: fleetItemCounts.hosts })
    .from(fleetItemCounts)
    .where(and(eq(fleetItemCounts.fleetId, fleetId), sql`left(${fleetItemCounts.item}, ${prefix.length}) = ${prefix}`));
  const byValue = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    if (r.hosts <= 0) continue;
    const value = (JSON.parse(r.item) as unknown[])[2];
    if (typeof value !== "string") continue;
    byValue.set(value, (byValue.get(value) ?? 0) + r.hosts);
    total += r.hosts;
  }
  const ranked = [...byValue].filter(([v]) => v !== mine && /^[0-9a-f]{64}$/.test(v)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const held = anyContent ? null : await storedContents(db, ranked.slice(0, 50).map((r) => r[0]));
  const best = ranked.find(([v]) => !held || held.has(v));
  if (!best) return null;
  return { kind: "peer", label: `the fleet's most common other version (${best[1]} of ${total} hosts)`, sha256: best[0], received: false };
}
