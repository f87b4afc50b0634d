import "server-only";
// Which of a fleet's fingerprints stand for hosts whose source reports no config files (hosts.configs_collected
// false: imported SBOMs, package facts without stat). Drift is computed per fingerprint, so the host's flag is
// asked of the fingerprints it could matter for: those with no config entries. Agent fleets have none such, and
// pay no query.
import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import { configsCollectedFor } from "@/lib/core/drift";

/** `collected(hash)` for drift's configsCollected option; `fps` are the fingerprints about to be compared. */
export async function configsCollectedOf(db: DbOrTx, fleetId: number, fps: ReadonlyMap<string, { configs: { length: number } }>) {
  const empty = [...fps].filter(([, fp]) => fp.configs.length === 0).map(([hash]) => hash);
  const notCollected = new Set<string>();
  if (empty.length > 0) {
    const rows = rowsOf<{ hash: string }>(
      await db.execute(sql`select distinct fingerprint_hash as hash from hosts
        where fleet_id = ${fleetId} and not configs_collected and fingerprint_hash = any(${pgArray(empty, "text")})`),
    );
    for (const r of rows) notCollected.add(r.hash);
  }
  return (hash: string) => {
    const fp = fps.get(hash);
    return fp ? configsCollectedFor(fp, notCollected.has(hash)) : true;
  };
}
