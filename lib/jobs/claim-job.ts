import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/client";

export interface ClaimedJob {
  id: number;
  requestId: string;
  hostId: number;
  phase: "new" | "invoking" | "invoked";
  attempts: number;
}

export const LEASE_SECONDS = 60;

/**
 * Takes the oldest runnable job, or one whose lease ran out (its worker died). SKIP LOCKED lets several
 * workers and app instances claim concurrently without ever taking the same row.
 */
export async function claimJob(db: Db, workerId: string): Promise<ClaimedJob | null> {
  const result = await db.execute(sql`
    update jobs set status = 'running', locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
    where id = (
      select id from jobs
      where (status = 'queued' and run_after <= now()) or (status = 'running' and locked_until < now())
      order by id
      for update skip locked
      limit 1
    )
    returning id, request_id, host_id, phase, attempts`);
  const [row] = rowsOf<{ id: number | string; request_id: string; host_id: number; phase: ClaimedJob["phase"]; attempts: number }>(result);
  return row ? { id: Number(row.id), requestId: row.request_id, hostId: row.host_id, phase: row.phase, attempts: row.attempts } : null;
}

/** Keeps the lease while a long provider call runs; false when another worker took the job over. */
export async function extendLease(db: Db, jobId: number, workerId: string): Promise<boolean> {
  const result = await db.execute(sql`
    update jobs set locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id = ${jobId} and locked_by = ${workerId} and status = 'running' returning id`);
  return rowsOf(result).length > 0;
}
