import "server-only";
import type { SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { isUniqueViolation } from "@/db/pg-error";

/**
 * Runs a host write that returns the host's id (enrolment, import): null when it found the records moved since they
 * were read, or when a rename hit a hostname a racing write just took; the caller then decides again on fresh rows.
 */
export async function writeHostRecord(db: DbOrTx, statement: SQL): Promise<number | null> {
  try {
    const [row] = rowsOf<{ id: number }>(await db.execute(statement));
    return row ? Number(row.id) : null;
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}
