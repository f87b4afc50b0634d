// Who an enrolling host is. A host is its hostname within its fleet, but the machine id says which machine holds
// that name: a new machine under a known name is a replacement (immutable fleets rebuild into fresh VMs with fresh
// machine ids, so refusing it would break every rebuild), and a known machine under a new name is a rename of its
// record, not a second one.
import type { HostEvent } from "./types";

export interface EnrolledHost {
  id: number;
  hostname: string;
  machineId: string | null;
}

export type EnrollDecision =
  | { kind: "enroll" }
  | { kind: "re-enroll"; host: EnrolledHost }
  | { kind: "replace"; host: EnrolledHost; previousMachineId: string; machineId: string }
  | { kind: "rename"; host: EnrolledHost; previousHostname: string; hostname: string }
  | { kind: "conflict"; message: string };

/**
 * `found`: the fleet's records with this hostname or (when the machine id is known) this machine id. At most one
 * has the hostname (it is unique per fleet); the others are the machine under other names.
 */
export function decideEnrollment(input: { fleet: string; hostname: string; machineId: string | null }, found: readonly EnrolledHost[]): EnrollDecision {
  const named = found.find((h) => h.hostname === input.hostname) ?? null;
  // The record of this name already is this machine: whatever else carries its id is not this enrolment's business.
  if (named && (!input.machineId || named.machineId === input.machineId)) return { kind: "re-enroll", host: named };
  const elsewhere = input.machineId ? found.filter((h) => h.hostname !== input.hostname && h.machineId === input.machineId) : [];
  const where = (name: string) => `DELETE /api/v1/hosts/${name}?fleet=${input.fleet}`;
  if (elsewhere.length > 1) {
    const names = elsewhere.map((h) => h.hostname).sort();
    return {
      kind: "conflict",
      message: `Machine id ${input.machineId} is enrolled as several hosts of fleet "${input.fleet}" (${names.join(", ")}); delete the stale ones (${where("<hostname>")}) and enroll again.`,
    };
  }
  if (elsewhere.length === 1 && named) {
    const other = elsewhere[0].hostname;
    return {
      kind: "conflict",
      message:
        `This machine (id ${input.machineId}) is enrolled as host "${other}" of fleet "${input.fleet}", and "${input.hostname}" is another host there. ` +
        `Enroll under "${other}", or delete one of the two (${where(other)} or ${where(input.hostname)}) and enroll again.`,
    };
  }
  if (elsewhere.length === 1) return { kind: "rename", host: elsewhere[0], previousHostname: elsewhere[0].hostname, hostname: input.hostname };
  if (!named) return { kind: "enroll" };
  if (named.machineId && input.machineId && named.machineId !== input.machineId) {
    return { kind: "replace", host: named, previousMachineId: named.machineId, machineId: input.machineId };
  }
  return { kind: "re-enroll", host: named };
}

/**
 * The history event and audit action of a decision that writes (a conflict writes nothing). An enrolment writes no
 * history row: the host's row and its enrolled_at are the event, which the host_events view lists (migration 0020).
 */
export function enrollmentRecord(d: Exclude<EnrollDecision, { kind: "conflict" }>): { event: Exclude<HostEvent, "enrolled"> | null; action: string; detail: Record<string, string> | null } {
  switch (d.kind) {
    case "enroll":
      return { event: null, action: "host.enroll", detail: null };
    case "re-enroll":
      return { event: null, action: "host.re-enroll", detail: null };
    case "replace":
      return { event: "replaced", action: "host.replace", detail: { previousMachineId: d.previousMachineId, machineId: d.machineId } };
    case "rename":
      return { event: "renamed", action: "host.rename", detail: { previousHostname: d.previousHostname, hostname: d.hostname } };
  }
}

const IDENTITY_EVENTS: readonly HostEvent[] = ["enrolled", "replaced", "renamed", "key-revoked"];

/** The newest event that says who the host is (history oldest first): the host page warns when it is a replacement. */
export function lastIdentityEvent<T extends { event: HostEvent }>(history: readonly T[]): T | null {
  for (let i = history.length - 1; i >= 0; i--) if (IDENTITY_EVENTS.includes(history[i].event)) return history[i];
  return null;
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const short = (id: string) => (id.length > 12 ? `${id.slice(0, 12)}…` : id);

/** One line for an identity event in the timeline, from its recorded detail; null when there is nothing to add. */
export function describeIdentityEvent(event: HostEvent, detail: Record<string, unknown> | null | undefined): string | null {
  const d = detail ?? {};
  if (event === "replaced") {
    const before = text(d.previousMachineId);
    const after = text(d.machineId);
    return before && after ? `machine id ${short(before)} → ${short(after)}; the previous key stopped working` : null;
  }
  if (event === "renamed") {
    const before = text(d.previousHostname);
    return before ? `was ${before}` : null;
  }
  if (event === "key-revoked") {
    const by = text(d.by);
    const secret = typeof d.enrollSecretId === "number" ? ` with enroll secret ${d.enrollSecretId}` : "";
    return by ? `by ${by}${secret}; the host must enroll again` : "the host must enroll again";
  }
  return null;
}
