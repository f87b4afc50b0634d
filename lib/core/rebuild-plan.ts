// The rules of a rebuild request, pure: rollout batches, four-eyes approval counting, staleness.

export interface RolloutPolicy {
  batchSize: number; // max hosts rebuilt at once after the canary
  canary: boolean; // rebuild one host alone first, and stop if it fails verification
}

/** Batch number per host, in order: the canary alone in batch 0, then groups of batchSize. */
export function planBatches(hostnames: readonly string[], policy: RolloutPolicy): string[][] {
  const size = Math.max(1, Math.floor(policy.batchSize));
  const rest = [...hostnames];
  const batches: string[][] = [];
  if (policy.canary && rest.length > 1) batches.push([rest.shift()!]);
  for (let i = 0; i < rest.length; i += size) batches.push(rest.slice(i, i + size));
  return batches;
}

export interface Decision {
  userId: string;
  decision: "approve" | "reject";
}

export interface ApprovalTally {
  approvals: number;
  needed: number;
  approved: boolean;
  rejected: boolean;
}

/**
 * Counts distinct approvers other than the requester. The service refuses self-approval with a message; the
 * tally ignores it as well, so no code path can let a requester approve their own request.
 */
export function tallyApprovals(decisions: readonly Decision[], requesterId: string, needed: number): ApprovalTally {
  const approvers = new Set<string>();
  let rejected = false;
  for (const d of decisions) {
    if (d.userId === requesterId) continue;
    if (d.decision === "reject") rejected = true;
    else approvers.add(d.userId);
  }
  const n = Math.max(1, needed);
  return { approvals: approvers.size, needed: n, approved: !rejected && approvers.size >= n, rejected };
}

export interface RequestSnapshot {
  specVersion: number;
  hosts: { hostname: string; fingerprint: string | null }[];
}

export interface CurrentState {
  specVersion: number | null;
  fingerprints: ReadonlyMap<string, string | null>; // hostname → current fingerprint
}

/** Why a request no longer describes reality (empty when it still does). Approving it would act on a guess. */
export function staleReasons(req: RequestSnapshot, now: CurrentState): string[] {
  const reasons: string[] = [];
  if (now.specVersion !== req.specVersion) {
    reasons.push(`the spec changed from v${req.specVersion} to ${now.specVersion === null ? "none" : `v${now.specVersion}`}`);
  }
  for (const h of req.hosts) {
    if (!now.fingerprints.has(h.hostname)) reasons.push(`${h.hostname} no longer exists`);
    else if (now.fingerprints.get(h.hostname) !== h.fingerprint) reasons.push(`${h.hostname} reported a new fingerprint since the request`);
  }
  return reasons;
}

/** The request's status from its hosts' statuses, once it is executing. */
export function rollupStatus(hostStatuses: readonly string[]): "running" | "verifying" | "succeeded" | "failed" {
  if (hostStatuses.some((s) => s === "failed")) return "failed";
  if (hostStatuses.every((s) => s === "succeeded" || s === "skipped")) return "succeeded";
  if (hostStatuses.some((s) => s === "queued" || s === "running" || s === "waiting")) return "running";
  return "verifying";
}
