"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { formAction } from "@/lib/server/action";
import { fleetNameSchema, hostnameSchema } from "@/lib/server/validate";
import { deleteHost } from "@/lib/services/delete-host";
import { revokeHostKey } from "@/lib/services/revoke-host-key";

const hostForm = {
  input: (form: FormData) => ({ fleet: form.get("fleet"), hostname: form.get("hostname") }),
  schema: z.object({ fleet: fleetNameSchema, hostname: hostnameSchema }),
};
const pageOf = (h: { fleet: string; hostname: string }) => `/fleets/${encodeURIComponent(h.fleet)}/hosts/${encodeURIComponent(h.hostname)}`;

export const revokeHostKeyAction = formAction({
  role: "admin",
  ...hostForm,
  run: async (h, { actor }) => {
    const r = await revokeHostKey(await getDb(), actor, h.hostname, h.fleet);
    revalidatePath(pageOf(h));
    return { keyRevokedAt: r.keyRevokedAt };
  },
});

export const deleteHostAction = formAction({
  role: "admin",
  ...hostForm,
  run: async (h, { actor }) => {
    await deleteHost(await getDb(), actor, h.hostname, h.fleet);
    return undefined;
  },
  // The page of a deleted host is a 404: back to its fleet.
  after: (result, h) => {
    if (!result.ok || !h) return;
    revalidatePath(`/fleets/${encodeURIComponent(h.fleet)}`);
    redirect(`/fleets/${encodeURIComponent(h.fleet)}`);
  },
});
