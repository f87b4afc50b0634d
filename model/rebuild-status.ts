// Every status a rebuild request and each of its hosts can be in, defined once. The table's column types
// (db/schema/rebuilds.ts), the zod schemas, the services' open/final sets, the API description and the queue's
// tabs all derive from these arrays, so a new status is added here and the compiler names every place to decide.
// model/ imports nothing: db, lib/core, services and components all read it.

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

/** The statuses of one phase, in REQUEST_STATUSES order. */
export const requestStatusesIn = (phase: RequestPhase): readonly RequestStatus[] => REQUEST_STATUSES.filter((s) => REQUEST_PHASE[s] === phase);

/** Nothing more will happen to a request in these: no job runs for it, polling stops, it cannot be cancelled. */
export const FINAL_REQUEST_STATUSES = requestStatusesIn("final");
/** Not over yet: a host in such a request may not be requested again, and the request may be cancelled. */
export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = REQUEST_STATUSES.filter((s) => REQUEST_PHASE[s] !== "final");

/** Accepts any string (a row read through raw SQL, a query parameter): true only for a final request status. */
export const isFinalRequestStatus = (s: string): boolean => (FINAL_REQUEST_STATUSES as readonly string[]).includes(s);

export const HOST_STATUSES = ["waiting", "queued", "running", "verifying", "succeeded", "failed", "skipped"] as const;
export type RebuildHostStatus = (typeof HOST_STATUSES)[number];

const HOST_DONE = { waiting: false, queued: false, running: false, verifying: false, succeeded: true, failed: true, skipped: true } as const satisfies Record<RebuildHostStatus, boolean>;

/** A host's part of a request is over: no job runs for it again. */
export const DONE_HOST_STATUSES: readonly RebuildHostStatus[] = HOST_STATUSES.filter((s) => HOST_DONE[s]);
/** A host still being rebuilt (or about to be): another request may not take it. */
export const OPEN_HOST_STATUSES: readonly RebuildHostStatus[] = HOST_STATUSES.filter((s) => !HOST_DONE[s]);

export const isDoneHostStatus = (s: string): boolean => (DONE_HOST_STATUSES as readonly string[]).includes(s);
