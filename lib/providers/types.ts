import type { ProviderConfig } from "./config";

export type { ProviderConfig };

export interface RebuildTarget {
  hostname: string;
  fleet: string;
  providerRef: string | null; // droplet id, Heroku app name, … recorded on the host
  specVersion: number;
  specYaml: string;
  requestId: string; // rebuild request id, for idempotency keys and payloads
}

export interface ProviderContext {
  log: (line: string) => void; // the rebuild's provider log, shown to people: never log secrets
  signal: AbortSignal; // cancelled on shutdown / timeout
  env: Record<string, string | undefined>; // where tokens come from (process.env in production)
  /** Variables that hold some provider's credential (every fleet's tokenEnv / secretEnv): never handed to a command. */
  providerSecrets?: ReadonlySet<string>;
  callbackUrl?: string; // for webhook completion callbacks
  /**
   * The remote job exists (a DigitalOcean action id, a Heroku build id): recorded at once, so a restart or a retry
   * follows it with `resume` instead of starting another.
   */
  started?: (externalId: string) => Promise<void>;
}

export type ProviderOutcome =
  | { status: "succeeded"; message: string; externalId?: string }
  | { status: "failed"; message: string; retryable: boolean; externalId?: string; /** The provider asked for this wait (Retry-After, a rate-limit reset). */ retryAfterMs?: number }
  | { status: "waiting-callback"; message: string; externalId?: string }; // webhook: CI will call back

export interface RebuildProvider {
  readonly kind: ProviderConfig["kind"];
  rebuild(t: RebuildTarget, ctx: ProviderContext): Promise<ProviderOutcome>;
  /** Follows a remote job an earlier call started (after a restart, or a retry of a failed status check) to its end. */
  resume?(externalId: string, t: RebuildTarget, ctx: ProviderContext): Promise<ProviderOutcome>;
}

/** What providers may be handed instead of the real thing, so tests need neither the network nor the clock. */
export interface ProviderDeps {
  fetch?: typeof fetch;
  /** Resolves after `ms`, rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch; deadlines and rate-limit resets are measured with it. */
  now?: () => number;
  /** Command provider: SIGTERM → SIGKILL grace (default 10 s). */
  killGraceMs?: number;
}
