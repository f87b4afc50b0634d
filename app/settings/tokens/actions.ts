"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { formAction } from "@/lib/server/action";
import { createTokenSchema, idParam } from "@/lib/server/validate";
import { createApiToken } from "@/lib/services/create-api-token";
import { revokeApiToken } from "@/lib/services/revoke-api-token";

export type CreatedToken = { id: number; name: string; token: string };

const done = () => revalidatePath("/settings/tokens");

export const createTokenAction = formAction({
  role: "viewer",
  input: (form) => ({ name: form.get("name") }),
  schema: createTokenSchema,
  run: async ({ name }, { me, actor }): Promise<CreatedToken> => {
    const t = await createApiToken(await getDb(), me, actor, name);
    return { id: t.id, name: t.name, token: t.token };
  },
  after: done,
});

export const revokeTokenAction = formAction({
  role: "viewer",
  input: (form) => ({ id: String(form.get("id") ?? "") }),
  schema: z.object({ id: z.string().transform((id) => idParam(id, "token")) }),
  run: async ({ id }, { me, actor }) => {
    await revokeApiToken(await getDb(), me, actor, id);
    return undefined;
  },
  after: done,
});
