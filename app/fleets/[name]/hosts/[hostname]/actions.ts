"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { requireActionRole } from "@/lib/server/auth";
import { fleetNameSchema, hostnameSchema, parseWith } from "@/lib/server/validate";
import { deleteHost } from "@/lib/services/delete-host";
import { revokeHostKey } from "@/lib/services/revoke-host-key";

const hostOf = (form: FormData) => ({ fleet: parseWith(fleetNameSchema, form.get("fleet")), hostname: parseWith(hostnameSchema, form.get("hostname")) });
const pageOf = (h: { fleet: string; hostname: string }) => `/fleets/${encodeURIComponent(h.fleet)}/hosts/${encodeURIComponent(h.hostname)}`;

export async function revokeHostKeyAction(_prev: ActionResult<{ keyRevokedAt: string }> | null, form: FormData): Promise<ActionResult<{ keyRevokedAt: string }>> {
  const { actor } = await requireActionRole("admin");
  const result = await attempt(async () => {
    const h = hostOf(form);
    const r = await revokeHostKey(await getDb(), actor, h.hostname, h.fleet);
    revalidatePath(pageOf(h));
    return { keyRevokedAt: r.keyRevokedAt };
  });
  return result;
}

export async function deleteHostAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const { actor } = await requireActionRole("admin");
  let fleet = "";
  const result = await attempt(async () => {
    const h = hostOf(form);
    await deleteHost(await getDb(), actor, h.hostname, h.fleet);
    fleet = h.fleet;
    return undefined;
  });
  if (!result.ok) return result;
  // The page of a deleted host is a 404: back to its fleet (outside attempt: redirect works by throwing).
  revalidatePath(`/fleets/${encodeURIComponent(fleet)}`);
  redirect(`/fleets/${encodeURIComponent(fleet)}`);
}
