import "server-only";
// Query of DELETE /fleets/{name}/enroll-secrets/{id}: whether the keys issued through the secret go with it.
// Shared by the route and the OpenAPI document.
import { z } from "zod";
import { queryFlag } from "./validate";

export const revokeSecretQuerySchema = z.object({ revokeKeys: queryFlag.default(false) });

/** The query of a request URL as the schema's input (absent parameters stay absent). */
export function revokeSecretQuery(url: string) {
  const revokeKeys = new URL(url).searchParams.get("revokeKeys");
  return revokeKeys === null ? {} : { revokeKeys };
}
