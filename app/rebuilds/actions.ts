"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { field, formAction } from "@/lib/server/action";
import { needsRole } from "@/lib/server/auth";
import { badRequest, forbidden } from "@/lib/server/errors";
import { roleAtLeast } from "@/lib/server/principal";
import { approveSchema, createRebuildSchema, rejectSchema } from "@/lib/server/rebuild-schemas";
import { parseWith } from "@/lib/server/validate";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { cancelRebuild } from "@/lib/services/cancel-rebuild";
import { rejectRebuild } from "@/lib/services/reject-rebuild";
import { requestRebuild } from "@/lib/services/request-rebuild";

/** Hosts come as repeated `hosts` fields; on success the browser goes to the new request's page. */
export const requestRebuildAction = formAction({
  role: "operator",
  input: (form) => ({
    hosts: form.getAll("hosts").map(String),
    reason: form.get("reason") ?? "",
    fleet: form.get("fleet") || undefined,
    confirmDowngrades: form.get("confirmDowngrades") === "on",
    replaces: form.get("replaces") || undefined,
  }),
  schema: createRebuildSchema,
  run: async (input, { me, actor }): Promise<string> => (await requestRebuild(await getDb(), me, actor, input)).id,
  after: (result) => {
    if (!result.ok) return;
    revalidatePath("/rebuilds");
    redirect(`/rebuilds/${result.value}`);
  },
});

export type Decision =
  | { status: "approved" | "pending"; approvals: number; needed: number }
  | { status: "stale"; message: string }
  | { status: "rejected" | "cancelled" };

// The decision itself is checked in run(), after the cancel case, so an operator may cancel their own request
// while approve/reject need the approver role (and an unknown decision says which ones exist).
const decisionForm = z.object({ id: z.string(), decision: z.string(), comment: z.string() });

/**
 * One form per request with three submit buttons (decision=approve|reject|cancel). A role that is too low gets a
 * message in the form rather than the 403 page: the buttons are already disabled, this is the race or the tamper.
 */
export const decideRebuildAction = formAction({
  role: "operator",
  input: (form) => ({ id: field(form, "id") ?? "", decision: field(form, "decision") ?? "", comment: field(form, "comment") ?? "" }),
  schema: decisionForm,
  run: async ({ id, decision, comment }, { me, actor }, form): Promise<Decision> => {
    const db = await getDb();
    if (decision === "cancel") return cancelRebuild(db, me, actor, id);
    if (!roleAtLeast(me.role, "approver")) throw forbidden(needsRole("approver", me));
    if (decision === "approve") {
      const { comment: c } = parseWith(approveSchema, { comment: comment || null });
      return approveRebuild(db, me, actor, id, c ?? null, new Date(), { confirmDowngrades: form.get("confirmDowngrades") === "on" });
    }
    if (decision === "reject") return rejectRebuild(db, me, actor, id, parseWith(rejectSchema, { comment }).comment);
    throw badRequest(`Unknown decision "${decision}": approve, reject or cancel.`);
  },
  after: (result, _input, form) => {
    const id = field(form, "id") ?? "";
    revalidatePath("/rebuilds");
    revalidatePath(`/rebuilds/${id}`);
    // From the queue, an approved request leaves the pending tab: follow it to its page and watch it run.
    if (result.ok && result.value.status === "approved" && form.get("open") === "1") redirect(`/rebuilds/${id}`);
  },
});
