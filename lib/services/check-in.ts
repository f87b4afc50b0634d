import type { Db } from "@/db/client";
import type { AuthenticatedHost } from "./ingest-fingerprint";
import { noteSeen } from "./record-last-seen";
import { verifyRebuild } from "./verify-rebuild";

export type CheckInStatus = "unchanged" | "report-needed";

/**
 * The hourly check-in of a host whose report did not change: the agent sends the digest of its report and the
 * server compares it with the digest of the last report it accepted. Equal: nothing to read, last_seen is
 * written behind. Different (or never sent): the agent sends its report.
 */
export async function checkIn(db: Db, host: AuthenticatedHost, digest: string, now = new Date()): Promise<CheckInStatus> {
  if (!host.fingerprintHash || host.reportDigest !== digest) return "report-needed";
  noteSeen(db, host.id, now);
  // A rebuilt host that already matched before the provider returned proves itself with this check-in.
  if (host.waiting) await verifyRebuild(db, host.id, host.fingerprintHash, now);
  return "unchanged";
}
