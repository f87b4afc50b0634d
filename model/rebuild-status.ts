// Every status a rebuild request and each of its hosts can be in, defined once. The table's column types
// (db/schema/rebuilds.ts), the zod schemas, the services' open/final sets, the API description and the queue's
// tabs all derive from these arrays, so a new status is added here and the compiler names every place to decide.
// model/ imports nothing: db, lib/core, services and components all read it.

/** Statuses grouped by phase: those of one phase, or of every phase but one, in the statuses' own order. */
function phased<S extends string, P extends string>(statuses: readonly S[], phaseOf: Record<S, P>) {
  return {
    in: (phase: P): readonly S[] => statuses.filter((s) => phaseOf[s] === phase),
    notIn: (phase: P): readonly S[] => statuses.filter((s) => phaseOf[s] !== phase),
  };
}

export const REQUEST_STATUSES = ["pending", "approved", "running", "verifying", "succeeded", "failed", "rejected", "expired", "cancelled"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Where a request is in its life: waiting for approvers, being carried out, or over (nothing more happens to it). */
export type RequestPhase = "pending" | "active" | "final";

const REQUEST_PHASE = {
  pending: "pending",
  approved: "active",
  running: "active",
  verifying: "active",
  succeeded: "final",
  failed: "final",
  rejected: "final",
  expired: "final",
  cancelled: "final",
} as const satisfies Record<RequestStatus, RequestPhase>;

export const requestPhaseOf = (s: RequestStatus): RequestPhase => REQUEST_PHASE[s];
const requestPhases = phased(REQUEST_STATUSES, REQUEST_PHASE);

/** The statuses of one phase, in REQUEST_STATUSES order. */
export const requestStatusesIn = requestPhases.in;

/** Nothing more will happen to a request in these: no job runs for it, polling stops, it cannot be cancelled. */
export const FINAL_REQUEST_STATUSES = requestStatusesIn("final");
/** Not over yet: a host in such a request may not be requested again, and the request may be cancelled. */
export const OPEN_REQUEST_STATUSES = requestPhases.notIn("final");

/** Accepts any string (a row read through raw SQL, a query parameter): true only for a final request status. */
export const isFinalRequestStatus = (s: string): boolean => (FINAL_REQUEST_STATUSES as readonly string[]).includes(s);

export const HOST_STATUSES = ["waiting", "queued", "running", "verifying", "succeeded", "failed", "skipped"] as const;
export type RebuildHostStatus = (typeof HOST_STATUSES)[number];

/** Where a host is in its request: not started (a later batch, or its job waits), being rebuilt or verified, or done. */
export type HostPhase = "not-started" | "in-progress" | "done";

const HOST_PHASE = {
  waiting: "not-started",
  queued: "not-started",
  running: "in-progress",
  verifying: "in-progress",
  succeeded: "done",
  failed: "done",
  skipped: "done",
} as const satisfies Record<RebuildHostStatus, HostPhase>;

const hostPhases = phased(HOST_STATUSES, HOST_PHASE);
export const hostStatusesIn = hostPhases.in;

/** A host's part of a request is over: no job runs for it again. */
export const DONE_HOST_STATUSES = hostStatusesIn("done");
/** A host still being rebuilt (or about to be): another request may not take it, and it may not be deleted. */
export const OPEN_HOST_STATUSES = hostPhases.notIn("done");
/** Not started yet: a cancelled request skips these; the next batch starts them. */
export const NOT_STARTED_HOST_STATUSES = hostStatusesIn("not-started");
/** A provider call or its verification under way: one request at a time per host, and verification has a deadline. */
export const IN_PROGRESS_HOST_STATUSES = hostStatusesIn("in-progress");

export const isDoneHostStatus = (s: string): boolean => (DONE_HOST_STATUSES as readonly string[]).includes(s);
