import "server-only";
import { and, eq } from "drizzle-orm";
import { hosts } from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/client";
import type { Fingerprint } from "@/lib/core/types";
import { renderSpecYaml, specFromFingerprint } from "@/lib/core/spec";
import { configsCollectedFor } from "@/lib/core/drift";
import { badRequest, notFound } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { loadFingerprint } from "./fingerprint-store";
import { afterSpecSaved, saveSpec, type SaveMeta } from "./save-spec";

/** The fingerprint a host of the fleet last reported (capture, "capture from this host", accept into spec). */
export async function loadHostFingerprint(db: DbOrTx, fleet: { id: number; name: string }, hostname: string) {
  const [host] = await db.select({ hash: hosts.fingerprintHash, configsCollected: hosts.configsCollected }).from(hosts).where(and(eq(hosts.fleetId, fleet.id), eq(hosts.hostname, hostname)));
  if (!host) throw notFound(`Fleet "${fleet.name}" has no host "${hostname}".`);
  if (!host.hash) throw badRequest(`Host "${hostname}" has not reported a fingerprint yet; run the agent on it first.`);
  const fp = await loadFingerprint(db, host.hash);
  if (!fp) throw notFound(`The fingerprint of "${hostname}" is not stored; run the agent on it again.`);
  return { hash: host.hash, fp, configsCollected: configsCollectedFor(fp, !host.configsCollected) };
}

/** The YAML a capture of this host would save, for the editor to start from (saves nothing). */
export async function renderCapture(db: Db, fleetName: string, hostname: string, now = new Date()) {
  const fleet = await findFleet(db, fleetName);
  const { fp } = await loadHostFingerprint(db, fleet, hostname);
  return renderSpecYaml(specFromFingerprint(fp), { fleet: fleet.name, source: hostname, capturedAt: now });
}

/**
 * The one capture rule, for a golden host and an image alike: the fleet's next version becomes `fp` as
 * specFromFingerprint reads it, its YAML header naming `label` (a hostname, an image's tag and digest).
 */
export async function saveCapture(tx: Tx, actor: Actor, fleet: { id: number; name: string }, fp: Fingerprint, label: string, source: string, meta: SaveMeta & { now: Date }) {
  const spec = specFromFingerprint(fp);
  const yaml = (version: number) => renderSpecYaml(spec, { fleet: fleet.name, version, source: label, capturedAt: meta.now });
  return saveSpec(tx, actor, fleet, spec, yaml, source, meta);
}

/** The golden-host path: the fleet's next spec version becomes that host's current fingerprint. */
export async function captureSpec(db: Db, actor: Actor, fleetName: string, hostname: string, now = new Date()) {
  const result = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const { hash, fp } = await loadHostFingerprint(tx, fleet, hostname);
    const version = await saveCapture(tx, actor, fleet, fp, hostname, `capture:${hostname}`, { now });
    return { fleetId: fleet.id, version, fingerprint: hash };
  });
  await afterSpecSaved(db, result.fleetId, now);
  return { version: result.version, fingerprint: result.fingerprint };
}
