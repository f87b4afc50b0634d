"use server";

// The fleet page's "publish as spec" on an uploaded image: operator, the same service as POST /api/v1/images?publish=1.
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { imageDigestSchema } from "@/lib/core/image-schema";
import { attempt } from "@/lib/server/action-result";
import { requireActionRole } from "@/lib/server/auth";
import { fleetNameSchema, parseWith } from "@/lib/server/validate";
import { publishImageSpec } from "@/lib/services/publish-image-spec";

export async function publishImageAction(input: { fleet: string; digest: string }) {
  const { actor } = await requireActionRole("operator");
  return attempt(async () => {
    const fleet = parseWith(fleetNameSchema, input.fleet);
    const result = await publishImageSpec(await getDb(), actor, fleet, parseWith(imageDigestSchema, input.digest));
    revalidatePath(`/fleets/${encodeURIComponent(fleet)}`, "layout");
    return result;
  });
}
