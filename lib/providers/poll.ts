import "server-only";
import { Cancelled, pause, ProviderFailure, type Runtime } from "./http";
import type { ProviderContext } from "./types";

export interface PollOptions<T> {
  intervalMs: number;
  deadline: number; // absolute, rt.now() clock
  externalId: string;
  /** One look: a value ends the wait, undefined means "not yet". Retryable failures count as blips. */
  check: () => Promise<T | undefined>;
  /** Message when the deadline passes. */
  timeoutMessage: (waitedMs: number) => string;
  /** Consecutive blips (5xx, network) tolerated before giving up; the remote job keeps running regardless. */
  maxBlips?: number;
}

export async function pollUntil<T>(rt: Runtime, ctx: ProviderContext, o: PollOptions<T>): Promise<T> {
  const started = rt.now();
  const maxBlips = o.maxBlips ?? 5;
  let blips = 0;
  for (;;) {
    await pause(rt, ctx, Math.min(o.intervalMs, Math.max(0, o.deadline - rt.now()))).catch((e: unknown) => {
      throw e instanceof Cancelled ? new Cancelled(e.message, true, o.externalId) : e;
    });
    let result: T | undefined;
    try {
      result = await o.check();
      blips = 0;
    } catch (err) {
      if (!(err instanceof ProviderFailure)) throw err;
      if (err instanceof Cancelled) throw new Cancelled(err.message, true, o.externalId);
      if (!err.retryable || ++blips > maxBlips) throw new ProviderFailure(err.message, err.retryable, o.externalId);
      ctx.log(`status check failed (${err.message}); trying again (${blips}/${maxBlips})`);
    }
    if (result !== undefined) return result;
    if (rt.now() >= o.deadline) throw new ProviderFailure(o.timeoutMessage(rt.now() - started), false, o.externalId);
  }
}

/** Logs "still in-progress" at most once a minute, so a 15-minute rebuild does not write 180 lines. */
export function progressLogger(rt: Runtime, ctx: ProviderContext, everyMs = 60_000) {
  const started = rt.now();
  let last = started;
  let lastState = "";
  return (state: string, what: string) => {
    const now = rt.now();
    if (state !== lastState || now - last >= everyMs) {
      ctx.log(`${what} ${state} (${Math.round((now - started) / 1000)}s elapsed)`);
      last = now;
      lastState = state;
    }
  };
}
