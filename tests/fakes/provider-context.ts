// Test doubles for what a provider is handed: a context that records its log, and a clock whose
// sleeps return at once while time moves on, so a 15-minute poll runs in milliseconds.
import type { ProviderContext, RebuildTarget } from "@/lib/providers/types";

/** The fakes listen on 127.0.0.1, which providers may call only when FLEETPRINT_OUTBOUND_ALLOW says so: it does here unless `env` overrides it. */
export function testContext(env: Record<string, string | undefined> = {}, callbackUrl?: string) {
  const lines: string[] = [];
  const controller = new AbortController();
  const ctx: ProviderContext = { log: (l) => lines.push(l), signal: controller.signal, env: { FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1", ...env }, callbackUrl };
  return { ctx, lines, abort: (reason?: unknown) => controller.abort(reason) };
}

export function fakeClock(start = Date.now()) {
  let t = start;
  const sleeps: number[] = [];
  const clock = {
    sleeps,
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    /** Instant sleep; `onSleep` runs first (to abort mid-run, say). */
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      clock.onSleep?.(sleeps.length);
      if (signal?.aborted) throw signal.reason;
      t += ms;
    },
    onSleep: undefined as undefined | ((count: number) => void),
  };
  return clock;
}

export function target(over: Partial<RebuildTarget> = {}): RebuildTarget {
  return {
    hostname: "web-01",
    fleet: "web",
    providerRef: "3164444",
    specVersion: 7,
    specYaml: "fleet: web\nversion: 7\npackages: []\n",
    requestId: "rr-0001",
    ...over,
  };
}
