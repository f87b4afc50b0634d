"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { requireActionRole } from "@/lib/server/auth";
import { createTokenSchema, idParam, parseWith } from "@/lib/server/validate";
import { createApiToken } from "@/lib/services/create-api-token";
import { revokeApiToken } from "@/lib/services/revoke-api-token";

export type CreatedToken = { id: number; name: string; token: string };

export async function createTokenAction(_prev: ActionResult<CreatedToken> | null, form: FormData): Promise<ActionResult<CreatedToken>> {
  const { me, actor: who } = await requireActionRole("viewer");
  const result = await attempt(async () => {
    const { name } = parseWith(createTokenSchema, { name: form.get("name") });
    const t = await createApiToken(await getDb(), me, who, name);
    return { id: t.id, name: t.name, token: t.token };
  });
  revalidatePath("/settings/tokens");
  return result;
}

export async function revokeTokenAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const { me, actor: who } = await requireActionRole("viewer");
  const result = await attempt(async () => {
    await revokeApiToken(await getDb(), me, who, idParam(String(form.get("id") ?? ""), "token"));
    return undefined;
  });
  revalidatePath("/settings/tokens");
  return result;
}
