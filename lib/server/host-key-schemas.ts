// Query of DELETE /fleets/{name}/enroll-secrets/{id}: whether the keys issued through the secret go with it.
// Shared by the route and the OpenAPI document.
import { z } from "zod";

export const REVOKE_KEYS_VALUES = ["true", "false", "1", "0"] as const;

export const revokeSecretQuerySchema = z.object({
  revokeKeys: z
    .enum(REVOKE_KEYS_VALUES, { message: `one of ${REVOKE_KEYS_VALUES.join(", ")}` })
    .transform((v) => v === "true" || v === "1")
    .default(false),
});

/** The query of a request URL as the schema's input (absent parameters stay absent). */
export function revokeSecretQuery(url: string) {
  const revokeKeys = new URL(url).searchParams.get("revokeKeys");
  return revokeKeys === null ? {} : { revokeKeys };
}
