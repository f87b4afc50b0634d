"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { field, formAction } from "@/lib/server/action";
import { badRequest } from "@/lib/server/errors";
import { createUserSchema, updateUserSchema } from "@/lib/server/validate";
import { createUser } from "@/lib/services/create-user";
import { updateUser } from "@/lib/services/update-user";

const done = () => revalidatePath("/admin/users");

export const createUserAction = formAction({
  role: "admin",
  input: (form) => Object.fromEntries(["email", "name", "password", "role"].map((k) => [k, form.get(k)])),
  schema: createUserSchema,
  run: async (input, { actor }) => {
    const user = await createUser(await getDb(), actor, input);
    return `Created ${user.email} (${user.role}).`;
  },
  after: done,
});

/**
 * One form per user row: `role` from the select, or `disabled` from the enable/disable button. A role change
 * must carry `confirm` equal to the new role (set only when the admin accepted the confirmation dialog), so a
 * stray arrow key on the select, or a form posted without the dialog, changes nothing.
 */
export const updateUserAction = formAction({
  role: "admin",
  input: (form) => {
    const role = form.get("role");
    if (role !== null && form.get("confirm") !== role) throw badRequest(`Confirm the role change to "${String(role)}" before it is saved; nothing was changed.`);
    const disabled = form.get("disabled");
    return { role: role ?? undefined, disabled: disabled === null ? undefined : disabled === "true" };
  },
  schema: updateUserSchema,
  run: async (change, { actor }, form) => {
    await updateUser(await getDb(), actor, field(form, "id") ?? "", change);
    return undefined;
  },
  after: done,
});
