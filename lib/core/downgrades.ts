// What a rebuild from spec would move backwards: every pinned package a host carries at a newer version than its
// spec ("ahead"). Security fixes installed after the spec was written are the usual case, so a rebuild that
// downgrades says so and needs an explicit yes from the requester and from each approver.
import type { Downgrade } from "@/model/downgrade";
import type { DriftItem } from "./types";

export type { Downgrade } from "@/model/downgrade";

export function downgradesOf(hostname: string, drift: readonly DriftItem[]): Downgrade[] {
  return drift.filter((d) => d.direction === "ahead" && d.actual !== null && d.expected !== null).map((d) => ({ hostname, subject: d.subject, from: d.actual!, to: d.expected! }));
}

/** "downgrades libssl3 3.0.19-1~deb12u4 → 3.0.19-1~deb12u3 on web-22, openssh-server … on web-22 and 3 more" */
export function describeDowngrades(list: readonly Downgrade[], shown = 3): string {
  if (list.length === 0) return "";
  const parts = list.slice(0, shown).map((d) => `${d.subject} ${d.from} → ${d.to} on ${d.hostname}`);
  return `downgrades ${parts.join(", ")}${list.length > shown ? ` and ${list.length - shown} more` : ""}`;
}
