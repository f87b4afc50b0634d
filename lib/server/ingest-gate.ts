// Back-pressure for machine traffic: a fleet that reports at once must hear "later" (503 + Retry-After) at
// once, not wait in a queue that grows until every request, reads included, times out.
import { busy } from "./errors";

export interface GateOptions {
  /** Requests doing work at the same time. */
  concurrency: number;
  /** Requests allowed to wait for a slot; one more is refused. */
  queue: number;
}

export interface Gate {
  run<T>(fn: () => Promise<T>): Promise<T>;
  stats(): { running: number; waiting: number; refused: number };
}

export function createGate(name: string, opts: GateOptions): Gate {
  let running = 0;
  let refused = 0;
  let avgMs = 20; // moving average of one request's time, for an honest Retry-After
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
        avgMs = avgMs * 0.9 + (performance.now() - t0) * 0.1;
        release();
      }
    },
    stats: () => ({ running, waiting: waiting.length, refused }),
  };
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const g = globalThis as unknown as { __fleetprintGates?: { reports: Gate; light: Gate } };
/**
 * One pair of gates per process. Full reports do real work (parse, hash, store): a few at a time keep the
 * database free for reads. Check-ins and enrolments are cheap but still bounded, so a herd cannot starve reads.
 */
export const gates = (g.__fleetprintGates ??= {
  reports: createGate("reports", { concurrency: envInt("FLEETPRINT_INGEST_CONCURRENCY", 4), queue: envInt("FLEETPRINT_INGEST_QUEUE", 64) }),
  light: createGate("check-ins", { concurrency: envInt("FLEETPRINT_CHECKIN_CONCURRENCY", 32), queue: envInt("FLEETPRINT_CHECKIN_QUEUE", 1024) }),
});
