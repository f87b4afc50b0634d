"use server";

// The fleet page's "publish as spec" on an uploaded image: operator, the same service as POST /api/v1/images?publish=1.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { imageDigestSchema } from "@/lib/core/image-schema";
import { inputAction } from "@/lib/server/action";
import { fleetNameSchema } from "@/lib/server/validate";
import { publishImageSpec } from "@/lib/services/publish-image-spec";

export const publishImageAction = inputAction({
  role: "operator",
  input: (raw: { fleet: string; digest: string }) => raw,
  schema: z.object({ fleet: fleetNameSchema, digest: imageDigestSchema }),
  run: async (input, { actor }) => {
    const result = await publishImageSpec(await getDb(), actor, input.fleet, input.digest);
    revalidatePath(`/fleets/${encodeURIComponent(input.fleet)}`, "layout");
    return result;
  },
});
