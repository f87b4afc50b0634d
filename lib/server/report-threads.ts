import "server-only";
// Reading a report (gunzip, UTF-8 check, JSON parse, validation, canonical form and hash: ~7 ms of CPU for an
// 800-package report) in parse threads instead of the thread that serves requests and, on PGlite, runs the
// database. Under a herd of first reports that thread is the bottleneck; the read needs no database, so it moves.
// Used by the production server (the thread's bundle is built by `npm run build`, scripts/build-report-thread.mjs);
// `next dev` and the in-process tests read in the request thread, with the same function (read-report.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "./errors";
import { readReport, type Known, type ReadReport } from "./read-report";
import type { ReadRequest } from "./report-thread";
import { log } from "./log";

export const REPORT_THREAD_FILE = path.join(process.cwd(), ".next", "fleetprint-report-thread.cjs");

type Answer = { id: number; read: ReadReport } | { id: number; error: { code: ErrorCode; message: string } };
interface Pending {
  resolve: (r: ReadReport) => void;
  reject: (e: unknown) => void;
}
interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}
interface Pool {
  size: number;
  /** Threads used whatever the request thread does; the others only while it has time to spare (requestThreadBusy). */
  always: number;
  threads: (Thread | null)[];
  next: number;
  id: number;
}

/**
 * FLEETPRINT_PARSE_THREADS (0 reads in the request thread); by default one per core, at most four. `next dev`
 * and the tests read in the request thread: their code is the source, the thread's bundle may be an older build.
 */
function poolSize(env: NodeJS.ProcessEnv): number {
  if (env.NODE_ENV === "development" || env.NODE_ENV === "test") return 0;
  const asked = env.FLEETPRINT_PARSE_THREADS;
  if (asked !== undefined && asked !== "") {
    const n = Number(asked);
    if (Number.isInteger(n) && n >= 0 && n <= 64) return n;
    log.warn(`FLEETPRINT_PARSE_THREADS=${asked} is not a whole number from 0 to 64; using the default`);
  }
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * Threads past one per core but one share a core with the request thread. Under a herd of new reports that thread
 * is busy (the database, storing what is new) and a parse thread beside it only slows it down; when reports
 * carry nothing new (an agent that sends its unchanged report every hour) it idles, and the parse threads are
 * the limit. So those threads take reports only while the request thread was busy less than half of the last
 * quarter second (its event loop utilisation).
 */
const SPARE_BELOW = 0.5;
const SAMPLE_MS = 250;
let sample = { at: 0, elu: performance.eventLoopUtilization(), busy: 1 };
function requestThreadBusy(): number {
  const now = performance.now();
  if (now - sample.at >= SAMPLE_MS) {
    const elu = performance.eventLoopUtilization();
    sample = { at: now, elu, busy: performance.eventLoopUtilization(elu, sample.elu).utilization };
  }
  return sample.busy;
}

/**
 * A pool of `size` parse threads running `file` (size 0: read in the calling thread), of which `always` take
 * reports at any time and the rest only while the request thread has time to spare.
 */
export function createReportPool(file: string, size: number, always: number = size) {
  const p: Pool = { size, always: Math.min(size, Math.max(1, always)), threads: Array.from({ length: size }, () => null), next: 0, id: 0 };
  return {
    read: (raw: Buffer, encoding: string | null, claimed: string | null, known: Known | null = null) => readIn(p, file, raw, encoding, claimed, known),
    /** Ends the threads (tests; a server's threads end with it). */
    close: async () => {
      await Promise.all(p.threads.map((t) => t?.worker.terminate()));
    },
    threads: () => p.threads.map((t) => t?.worker ?? null),
  };
}
export type ReportPool = ReturnType<typeof createReportPool>;

const g = globalThis as unknown as { __fleetprintReportPool?: ReportPool };
function defaultPool(): ReportPool {
  if (g.__fleetprintReportPool) return g.__fleetprintReportPool;
  let size = poolSize(process.env);
  if (size > 0 && !fs.existsSync(REPORT_THREAD_FILE)) {
    log.warn(`${REPORT_THREAD_FILE} is missing (run npm run build); reading reports in the request thread`);
    size = 0;
  }
  const always = Math.max(1, Math.min(size, os.availableParallelism() - 1));
  if (size > 0) {
    const spare = size > always ? `, ${size - always} of them only while the request thread is not busy` : "";
    log.info(`reading reports in ${size} parse thread${size === 1 ? "" : "s"}${spare} (FLEETPRINT_PARSE_THREADS)`);
  }
  return (g.__fleetprintReportPool = createReportPool(REPORT_THREAD_FILE, size, always));
}

function start(p: Pool, slot: number, file: string): Thread {
  const thread: Thread = { worker: new Worker(file), pending: new Map() };
  thread.worker.unref();
  thread.worker.on("message", (a: Answer) => {
    const waiter = thread.pending.get(a.id);
    if (!waiter) return;
    thread.pending.delete(a.id);
    if ("read" in a) waiter.resolve(a.read);
    else waiter.reject(a.error.code === "internal" ? new Error(`report thread: ${a.error.message}`) : new AppError(a.error.code, a.error.message));
  });
  // A thread that dies fails what it held (500, the agent retries) and is started again on the next report.
  const fail = (e: unknown) => {
    if (p.threads[slot] === thread) p.threads[slot] = null;
    for (const w of thread.pending.values()) w.reject(e instanceof Error ? e : new Error(`report thread stopped (${String(e)})`));
    thread.pending.clear();
  };
  thread.worker.on("error", fail);
  thread.worker.on("exit", (code) => fail(new Error(`report thread exited with code ${code}`)));
  return (p.threads[slot] = thread);
}

function readIn(p: Pool, file: string, raw: Buffer, encoding: string | null, claimed: string | null, known: Known | null): Promise<ReadReport> {
  if (p.size === 0) return readReport(raw, encoding, claimed, known);
  // The thread with the least work waiting (round robin among equals), among those usable now.
  const usable = p.always === p.size || requestThreadBusy() >= SPARE_BELOW ? p.always : p.size;
  let slot = p.next % usable;
  for (let i = 0; i < usable; i++) {
    const s = (p.next + i) % usable;
    if ((p.threads[s]?.pending.size ?? 0) < (p.threads[slot]?.pending.size ?? 0)) slot = s;
  }
  p.next = (slot + 1) % usable;
  const thread = p.threads[slot] ?? start(p, slot, file);
  const id = ++p.id;
  return new Promise((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    const message: ReadRequest = { id, raw, encoding, claimed, known };
    thread.worker.postMessage(message);
  });
}

/**
 * Reads a report body in a parse thread of the server's pool when it has one, else here. `known`: what the host
 * carries, whose content is then not sent back (ReadReport.packed), or not even read (read-report.ts readUnchanged).
 */
export function readReportBody(raw: Buffer, encoding: string | null, claimed: string | null, known: Known | null = null): Promise<ReadReport> {
  return defaultPool().read(raw, encoding, claimed, known);
}
