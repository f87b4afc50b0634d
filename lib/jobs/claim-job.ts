import "server-only";
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

/**
 * How long a claimed job stays a worker's without a heartbeat: after a crash (kill -9, a lost VM) another
 * instance takes it over once this passed. FLEETPRINT_JOB_LEASE_SECONDS (2-3600) shortens it for labs and tests.
 */
export function leaseSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.FLEETPRINT_JOB_LEASE_SECONDS);
  return Number.isInteger(v) && v >= 2 && v <= 3600 ? v : 60;
}

/**
 * Takes the oldest runnable job, or one whose lease ran out (its worker died). SKIP LOCKED lets several
 * workers and app instances claim concurrently without ever taking the same row.
 */
export async function claimJob(db: Db, workerId: string): Promise<ClaimedJob | null> {
  const result = await db.execute(sql`
    update jobs set status = 'running', locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseSeconds()}), attempts = attempts + 1
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
    update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds()})
    where id = ${jobId} and locked_by = ${workerId} and status = 'running' returning id`);
  return rowsOf(result).length > 0;
}

/**
 * On the embedded database one process holds the data folder, so a job another worker had claimed when this
 * process started was cut short by a crash or a restart: it is runnable at once, without waiting for its lease.
 */
export async function releaseOrphanedJobs(db: Db): Promise<number> {
  return rowsOf(await db.execute(sql`update jobs set locked_until = now() where status = 'running' and locked_until > now() returning id`)).length;
}
