"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { requireActionRole } from "@/lib/server/auth";
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

/** One form per user row: `role` from the select, or `disabled` from the enable/disable button. */
export async function updateUserAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const { actor } = await requireActionRole("admin");
  const result = await attempt(async () => {
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
