"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { requireActionRole } from "@/lib/server/auth";
import { badRequest } from "@/lib/server/errors";
import { createUserSchema, parseWith, updateUserSchema } from "@/lib/server/validate";
import { createUser } from "@/lib/services/create-user";
import { updateUser } from "@/lib/services/update-user";

export async function createUserAction(_prev: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const { actor } = await requireActionRole("admin");
  const result = await attempt(async () => {
    const input = parseWith(createUserSchema, Object.fromEntries(["email", "name", "password", "role"].map((k) => [k, form.get(k)])));
    const user = await createUser(await getDb(), actor, input);
    return `Created ${user.email} (${user.role}).`;
  });
  revalidatePath("/admin/users");
  return result;
}

/**
 * One form per user row: `role` from the select, or `disabled` from the enable/disable button. A role change
 * must carry `confirm` equal to the new role (set only when the admin accepted the confirmation dialog), so a
 * stray arrow key on the select, or a form posted without the dialog, changes nothing.
 */
export async function updateUserAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const { actor } = await requireActionRole("admin");
  const result = await attempt(async () => {
    const role = form.get("role");
    if (role !== null && form.get("confirm") !== role) throw badRequest(`Confirm the role change to "${String(role)}" before it is saved; nothing was changed.`);
    const disabled = form.get("disabled");
    const change = parseWith(updateUserSchema, {
      role: form.get("role") ?? undefined,
      disabled: disabled === null ? undefined : disabled === "true",
    });
    await updateUser(await getDb(), actor, String(form.get("id") ?? ""), change);
    return undefined;
  });
  revalidatePath("/admin/users");
  return result;
}
