import "server-only";
// Query strings of /api/v1/images.
import { z } from "zod";
import { imageTagSchema } from "@/lib/core/image-schema";
import { safeText } from "@/lib/core/unsafe-chars";
import { MAX_IMAGES_PAGE } from "@/lib/services/list-images";
import { fleetNameSchema, queryFlag } from "./validate";

export const imageUploadQuerySchema = z.object({
  fleet: z.string({ error: "required: ?fleet=NAME, the fleet the image is for" }).pipe(fleetNameSchema),
  tag: imageTagSchema.optional(),
  publish: queryFlag.default(false),
  note: safeText().max(500, "at most 500 characters").optional(),
  /** An archive upload of a multi-platform image: the platform to read (the agent's --platform; default linux/amd64). */
  platform: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/, "OS/ARCH such as linux/amd64, or OS/ARCH/VARIANT such as linux/arm64/v8")
    .describe("With an image archive: the platform to read from a multi-platform image (default linux/amd64)")
    .optional(),
});

export const imageListQuerySchema = z.object({
  fleet: fleetNameSchema.optional(),
  q: z.string().max(200, "at most 200 characters").optional(),
  limit: z.coerce.number().int("a whole number").min(1, "at least 1").max(MAX_IMAGES_PAGE, `at most ${MAX_IMAGES_PAGE}`).optional(),
  cursor: z.string().max(200).optional(),
  format: z.enum(["json", "csv"], { error: "json or csv" }).default("json"),
});
