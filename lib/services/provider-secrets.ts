import "server-only";
import { isNotNull } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { DbOrTx } from "@/db/client";

/**
 * Every environment variable a fleet's rebuild provider takes a credential from (tokenEnv, secretEnv, with the
 * providers' defaults): a command of any fleet never gets them, and their values are blanked in every log.
 */
export async function providerSecretNames(db: DbOrTx): Promise<Set<string>> {
  const rows = await db.select({ provider: fleets.provider }).from(fleets).where(isNotNull(fleets.provider));
  const names = new Set<string>();
  for (const { provider } of rows) {
    const p = provider as { tokenEnv?: unknown; secretEnv?: unknown } | null;
    for (const v of [p?.tokenEnv, p?.secretEnv]) if (typeof v === "string" && v) names.add(v);
  }
  return names;
}
