import "server-only";
import type { Db } from "@/db/client";
import { fingerprintOfContent } from "./content-digests";
import { acceptFingerprint, type AuthenticatedHost } from "./ingest-fingerprint";
import { noteSeen } from "./record-last-seen";
import { verifyRebuild } from "./verify-rebuild";

export type CheckInStatus = "unchanged" | "accepted" | "report-needed";

export interface CheckInClaim {
  /** The agent's digest of its whole report (per host): equal to the last accepted one means nothing changed. */
  digest: string;
  /** The digest of the report's content alone (lib/core/content-digest.ts): the same on every host with that content. */
  content?: string | null;
  /** Sent with a content digest, as a report would carry it. */
  machineId?: string | null;
}

/**
 * A host shows digests instead of its report. Its digest equals the one of the report last accepted from it:
 * "unchanged", last_seen is written behind. Otherwise its content digest names a fingerprint the server already
 * stored from another host's checked report (the herd after a deploy: identical hosts): the host now carries it,
 * recorded as a report would be, "accepted". Otherwise the agent sends its report ("report-needed").
 */
export async function checkIn(db: Db, host: AuthenticatedHost, claim: CheckInClaim, now = new Date()): Promise<CheckInStatus> {
  if (host.fingerprintHash && host.reportDigest === claim.digest) {
    noteSeen(db, host.id, now);
    // A rebuilt host that already matched before the provider returned proves itself with this check-in.
    if (host.waiting) await verifyRebuild(db, host.id, host.fingerprintHash, now);
    return "unchanged";
  }
  const hash = claim.content ? await fingerprintOfContent(db, claim.content) : null;
  if (!hash) return "report-needed";
  await acceptFingerprint(db, host, { hash, fingerprint: null }, { machineId: claim.machineId ?? null, digest: claim.digest }, now);
  return "accepted";
}
