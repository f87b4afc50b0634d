"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { needsRole, requireActionRole } from "@/lib/server/auth";
import { badRequest, forbidden } from "@/lib/server/errors";
import { roleAtLeast } from "@/lib/server/principal";
import { approveSchema, createRebuildSchema, rejectSchema } from "@/lib/server/rebuild-schemas";
import { parseWith } from "@/lib/server/validate";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { cancelRebuild } from "@/lib/services/cancel-rebuild";
import { rejectRebuild } from "@/lib/services/reject-rebuild";
import { requestRebuild } from "@/lib/services/request-rebuild";

/** Hosts come as repeated `hosts` fields; on success the browser goes to the new request's page. */
export async function requestRebuildAction(_prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const { me, actor } = await requireActionRole("operator");
  const result = await attempt(async () => {
    const input = parseWith(createRebuildSchema, {
      hosts: form.getAll("hosts").map(String),
      reason: form.get("reason") ?? "",
      fleet: form.get("fleet") || undefined,
      confirmDowngrades: form.get("confirmDowngrades") === "on",
      replaces: form.get("replaces") || undefined,
    });
    return (await requestRebuild(await getDb(), me, actor, input)).id;
  });
  if (!result.ok) return result;
  revalidatePath("/rebuilds");
  redirect(`/rebuilds/${result.value}`); // outside attempt(): redirect() works by throwing
}

export type Decision =
  | { status: "approved" | "pending"; approvals: number; needed: number }
  | { status: "stale"; message: string }
  | { status: "rejected" | "cancelled" };

/**
 * One form per request with three submit buttons (decision=approve|reject|cancel). A role that is too low gets a
 * message in the form rather than the 403 page: the buttons are already disabled, this is the race or the tamper.
 */
export async function decideRebuildAction(_prev: ActionResult<Decision> | null, form: FormData): Promise<ActionResult<Decision>> {
  const { me, actor } = await requireActionRole("operator");
  const id = String(form.get("id") ?? "");
  const decision = String(form.get("decision") ?? "");
  const result = await attempt<Decision>(async () => {
    const db = await getDb();
    if (decision === "cancel") return cancelRebuild(db, me, actor, id);
    if (!roleAtLeast(me.role, "approver")) throw forbidden(needsRole("approver", me));
    const comment = form.get("comment") ?? "";
    if (decision === "approve") {
      const { comment: c } = parseWith(approveSchema, { comment: comment || null });
      return approveRebuild(db, me, actor, id, c ?? null, new Date(), { confirmDowngrades: form.get("confirmDowngrades") === "on" });
    }
    if (decision === "reject") return rejectRebuild(db, me, actor, id, parseWith(rejectSchema, { comment }).comment);
    throw badRequest(`Unknown decision "${decision}": approve, reject or cancel.`);
  });
  revalidatePath("/rebuilds");
  revalidatePath(`/rebuilds/${id}`);
  // From the queue, an approved request leaves the pending tab: follow it to its page and watch it run.
  if (result.ok && result.value.status === "approved" && form.get("open") === "1") redirect(`/rebuilds/${id}`);
  return result;
}
