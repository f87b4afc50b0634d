// The zod schemas of image facts (lib/core/image-ref.ts holds the facts; kept apart so no client bundle pulls zod in).
import { z } from "zod";
import { IMAGE_DIGEST, IMAGE_FORMATS, IMAGE_TAG, MAX_IMAGE_TAG } from "./image-ref";
import { SAFE_TOKEN } from "./unsafe-chars";

export const imageDigestSchema = z.string().regex(IMAGE_DIGEST, 'must be "sha256:" and 64 lowercase hex characters');
export const imageTagSchema = z
  .string()
  .max(MAX_IMAGE_TAG, `at most ${MAX_IMAGE_TAG} characters`)
  .regex(SAFE_TOKEN, "must not contain spaces or control characters")
  .regex(IMAGE_TAG, "an image reference such as registry.example.com/web:2026-11-30 (letters, digits and . _ - / : @)");

/** The `image` field of a report made by `fleetprint-agent --image FILE --print`. */
export const imageFieldSchema = z.object({
  digest: imageDigestSchema,
  tag: imageTagSchema.nullable(),
  format: z.enum(IMAGE_FORMATS, { error: `must be one of ${IMAGE_FORMATS.join(", ")}` }),
});
export type ImageField = z.output<typeof imageFieldSchema>;
