import "server-only";
// Back-pressure for machine traffic: a fleet that reports at once must hear "later" (503 + Retry-After) at
// once, not wait in a queue that grows until every request, reads included, times out.
import { busy } from "./errors";

export interface GateOptions {
  /** Requests doing work at the same time. */
  concurrency: number;
  /** Requests allowed to wait for a slot; one more is refused. */
  queue: number;
  /**
   * Refuse while the process answers this late (event-loop lag, ms). The embedded database runs in this thread,
   * so under a herd requests do not pile up in the queue above but in the event loop itself, unseen: the lag is
   * what grows.
   */
  maxLagMs?: number;
  lag?: () => number;
}

export interface Gate {
  run<T>(fn: () => Promise<T>): Promise<T>;
  stats(): GateStats;
}

export interface GateStats {
  running: number;
  waiting: number;
  refused: number;
  /** performance.now() when the last request it let in was done (-Infinity before the first). */
  lastDoneAt: number;
}

export function createGate(name: string, opts: GateOptions): Gate {
  let running = 0;
  let refused = 0;
  let avgMs = 20; // moving average of one request's time, for an honest Retry-After
  let lastDoneAt = -Infinity;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };
  return {
    async run(fn) {
      const lagMs = opts.maxLagMs === undefined ? 0 : (opts.lag ?? eventLoopLag)();
      if (opts.maxLagMs !== undefined && lagMs > opts.maxLagMs) {
        refused++;
        const retry = Math.min(120, Math.max(1, Math.ceil((lagMs / 1000) * (2 + 2 * Math.random()))));
        throw busy(`Fleetprint is busy (answering ${Math.round(lagMs)} ms late); retry in ${retry} s (Retry-After).`, retry);
      }
      if (running >= opts.concurrency) {
        if (waiting.length >= opts.queue) {
          refused++;
          // The time to drain what is queued, spread with jitter so refused clients do not return together.
          const drainS = ((waiting.length + running) * avgMs) / opts.concurrency / 1000;
          const retry = Math.min(120, Math.max(1, Math.ceil(drainS * (1 + Math.random()))));
          throw busy(`Fleetprint is busy with other ${name}; retry in ${retry} s (Retry-After).`, retry);
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        lastDoneAt = performance.now();
        avgMs = avgMs * 0.9 + (lastDoneAt - t0) * 0.1;
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length, refused, lastDoneAt }),
  };
}

// Event-loop lag, sampled every 100 ms: the worst delay of the last second.
const lagState = ((globalThis as { __fleetprintLag?: { samples: number[]; timer?: NodeJS.Timeout } }).__fleetprintLag ??= { samples: [] });
function eventLoopLag(): number {
  if (!lagState.timer) {
    let last = performance.now();
    lagState.timer = setInterval(() => {
      const now = performance.now();
      lagState.samples.push(Math.max(0, now - last - 100));
      if (lagState.samples.length > 10) lagState.samples.shift();
      last = now;
    }, 100);
    lagState.timer.unref();
  }
  return lagState.samples.length ? Math.max(...lagState.samples) : 0;
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const g = globalThis as unknown as { __fleetprintGates?: { reports: Gate; light: Gate } };

/**
 * An agent answered this recently counts as being answered still. A check-in spends most of its time outside its
 * gate (HTTP, JSON, the answer), so the gates alone read idle between 1,400 check-ins a second, and a rescore beside
 * them ran at full speed (50,000 hosts: check-ins at ~1,340/s, 0.8 ms of CPU each).
 */
export const RECENT_MS = 100;

/** busy per gate stats: a request in or waiting at a gate, or one done in the last RECENT_MS. */
export function busyFrom(stats: readonly GateStats[], now: number): boolean {
  return stats.some((s) => s.running + s.waiting > 0 || now - s.lastDoneAt < RECENT_MS);
}

/** Whether agents are being answered now (or were a moment ago): background work then steps aside. */
export function agentsBusy(): boolean {
  return busyFrom([gates.reports.stats(), gates.light.stats()], performance.now());
}
/**
 * One pair of gates per process. Full reports do real work (parse, hash, store): a few at a time keep the
 * database free for reads. Eight, not four: reading runs in the parse threads, and the reports that finish reading
 * together are written together (group commit), so eight made half as many write statements for a herd (batches of
 * ~2 hosts instead of ~1) and the server's CPU per host of a 10,000-host herd 3.47-3.52 ms against 3.73-4.06 ms
 * (bench-scale, two runs each). Check-ins and enrolments are cheap but still bounded, so a herd cannot starve reads.
 */
export const gates = (g.__fleetprintGates ??= {
  reports: createGate("reports", {
    concurrency: envInt("FLEETPRINT_INGEST_CONCURRENCY", 8),
    queue: envInt("FLEETPRINT_INGEST_QUEUE", 64),
    maxLagMs: envInt("FLEETPRINT_MAX_LAG_MS", 1000),
  }),
  light: createGate("check-ins", {
    concurrency: envInt("FLEETPRINT_CHECKIN_CONCURRENCY", 32),
    queue: envInt("FLEETPRINT_CHECKIN_QUEUE", 1024),
    maxLagMs: 2 * envInt("FLEETPRINT_MAX_LAG_MS", 1000),
  }),
});
