import "server-only";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { policyChanges, users } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { describePolicyChange, type PolicyFields } from "@/lib/core/policy-change";
import { findFleet } from "./find-fleet";

type Row = typeof policyChanges.$inferSelect;
type Names = Map<string, string>;

export function policyChangeView(r: Row, fleet: string, names: Names) {
  const person = (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? id });
  return {
    id: r.id,
    fleet,
    status: r.status,
    change: r.change,
    lines: describePolicyChange(r.change as PolicyFields),
    requestedBy: person(r.requestedBy)!,
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: person(r.decidedBy),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    // Harmless changes are recorded too (the policy's history), applied by the person who asked.
    appliedAtOnce: r.status === "applied" && r.decidedBy === r.requestedBy,
  };
}
export type PolicyChangeView = ReturnType<typeof policyChangeView>;

/** Display names of the people on these rows (ids stay when a user is gone). */
export async function namesOf(db: DbOrTx, rows: Row[]): Promise<Names> {
  const ids = [...new Set(rows.flatMap((r) => [r.requestedBy, r.decidedBy]).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const found = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(found.map((u) => [u.id, u.name]));
}

/** The fleet's pending policy changes (oldest first; normally one) and its latest decided ones. */
export async function listPolicyChanges(db: DbOrTx, fleetName: string, recentLimit = 10) {
  const fleet = await findFleet(db, fleetName);
  const pending = await db
    .select()
    .from(policyChanges)
    .where(and(eq(policyChanges.fleetId, fleet.id), eq(policyChanges.status, "pending")))
    .orderBy(policyChanges.id);
  const recent = await db
    .select()
    .from(policyChanges)
    .where(and(eq(policyChanges.fleetId, fleet.id), ne(policyChanges.status, "pending")))
    .orderBy(desc(policyChanges.id))
    .limit(recentLimit);
  const names = await namesOf(db, [...pending, ...recent]);
  return { pending: pending.map((r) => policyChangeView(r, fleet.name, names)), recent: recent.map((r) => policyChangeView(r, fleet.name, names)) };
}
