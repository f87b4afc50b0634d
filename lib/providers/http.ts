import "server-only";
import { parseRetryAfter } from "@/lib/core/alert-backoff";
import { receiverSaid } from "@/lib/core/receiver-text";
import { guardedFetch, outboundRefusal } from "./outbound-fetch";
import type { ProviderContext, ProviderDeps, ProviderOutcome } from "./types";

/** Thrown inside providers, turned into a `failed` outcome at the edge of `rebuild()`. */
export class ProviderFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly externalId?: string,
    /** How long the provider asked us to wait before trying again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ProviderFailure";
  }
}

export interface Runtime {
  /** Null: guardedFetch over the rebuild's environment (non-public addresses only when FLEETPRINT_OUTBOUND_ALLOW says). */
  fetch: typeof fetch | null;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function runtime(deps: ProviderDeps = {}): Runtime {
  return { fetch: deps.fetch ?? null, sleep: deps.sleep ?? defaultSleep, now: deps.now ?? Date.now };
}

/** Shutdown or the rebuild's own timeout: the remote job may go on, so another try later is fine. */
export class Cancelled extends ProviderFailure {}

export function cancelled(ctx: ProviderContext, externalId?: string): ProviderFailure {
  const why = typeof ctx.signal.reason === "string" ? ` (${ctx.signal.reason})` : "";
  return new Cancelled(`cancelled${why}`, true, externalId);
}

/** Sleeps unless cancelled; cancellation becomes a ProviderFailure like every other way to stop. */
export async function pause(rt: Runtime, ctx: ProviderContext, ms: number): Promise<void> {
  if (ctx.signal.aborted) throw cancelled(ctx);
  try {
    await rt.sleep(Math.max(0, ms), ctx.signal);
  } catch {
    throw cancelled(ctx);
  }
  if (ctx.signal.aborted) throw cancelled(ctx);
}

export function toOutcome(err: unknown, externalId?: string): ProviderOutcome {
  if (err instanceof ProviderFailure) {
    const id = err.externalId ?? externalId;
    return { status: "failed", message: err.message, retryable: err.retryable, ...(id !== undefined ? { externalId: id } : {}), ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  }
  // A bug, not a provider answer: say so without leaking internals, and let a person decide.
  const detail = err instanceof Error ? err.message : String(err);
  return { status: "failed", message: `internal error in provider: ${truncate(detail, 300)}`, retryable: false, externalId };
}

export function truncate(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this strips
  const clean = s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ").trimEnd();
  return clean.length <= max ? clean : `${clean.slice(0, max)}… (${clean.length - max} more characters)`;
}

export interface ApiRequest {
  method: "GET" | "POST" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** How the target is named in messages: "DigitalOcean", "the webhook at https://ci.example.com". */
  label: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown; // undefined when the body is not JSON
}

const MAX_BODY = 1 << 20;

/** One HTTP exchange. Never follows redirects (a 302 would turn a POST into a GET). */
export async function send(rt: Runtime, ctx: ProviderContext, req: ApiRequest): Promise<ApiResponse> {
  if (ctx.signal.aborted) throw cancelled(ctx);
  const timeout = AbortSignal.timeout(req.timeoutMs);
  let res: Response;
  try {
    res = await (rt.fetch ?? guardedFetch(ctx.env))(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: "manual", signal: AbortSignal.any([ctx.signal, timeout]) });
  } catch (err) {
    if (ctx.signal.aborted) throw cancelled(ctx);
    if (timeout.aborted) throw new ProviderFailure(`${req.label} did not answer within ${fmtSeconds(req.timeoutMs)}`, true);
    const refused = outboundRefusal(err);
    if (refused) throw new ProviderFailure(`${req.label}: ${refused.message}`, false);
    throw new ProviderFailure(`could not reach ${req.label}: ${networkReason(err)}`, true);
  }
  let text: string;
  try {
    text = await readCapped(res);
  } catch {
    if (ctx.signal.aborted) throw cancelled(ctx);
    throw new ProviderFailure(`${req.label} closed the connection mid-answer (HTTP ${res.status})`, true);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The answer's text, cut at `max` bytes: a hostile endpoint cannot make us buffer without bound. */
export async function readCapped(res: Response, max = MAX_BODY): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return NETWORK_CODES[cause.code] ? `${NETWORK_CODES[cause.code]} (${cause.code})` : cause.code;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export function fmtSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}

/**
 * How long a 429 asks us to wait: Retry-After (seconds or HTTP date), else a reset header, which is
 * either epoch seconds (DigitalOcean's ratelimit-reset) or delta seconds (the IETF draft).
 */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const asked = parseRetryAfter(headers.get("retry-after"), now);
  if (asked !== null) return asked;
  const reset = headers.get("ratelimit-reset") ?? headers.get("x-ratelimit-reset");
  if (reset && /^\d+$/.test(reset.trim())) {
    const n = Number(reset);
    return n > 1_000_000_000 ? Math.max(0, n * 1000 - now) : n * 1000;
  }
  return null;
}

export interface RateLimitPolicy {
  maxRetries: number; // 429s answered by waiting, per request
  maxWaitMs: number; // longest single wait we accept
  fallbackWaitMs: (attempt: number) => number; // when the API names no time
  deadline: number; // absolute, rt.now() clock
}

/** `send`, but a 429 is waited out a bounded number of times before it becomes a retryable failure. */
export async function sendRespectingRateLimit(rt: Runtime, ctx: ProviderContext, req: ApiRequest, policy: RateLimitPolicy): Promise<ApiResponse> {
  for (let attempt = 1; ; attempt++) {
    const res = await send(rt, ctx, req);
    if (res.status !== 429) return res;
    const asked = retryAfterMs(res.headers, rt.now());
    const wait = Math.ceil(asked ?? policy.fallbackWaitMs(attempt));
    const hint = `retry after ${fmtSeconds(wait)}`;
    if (attempt > policy.maxRetries) throw new ProviderFailure(`${req.label} rate limit still exceeded after ${policy.maxRetries} waits (${errorSummary(res)}); ${hint}`, true, undefined, wait);
    if (wait > policy.maxWaitMs || rt.now() + wait > policy.deadline) throw new ProviderFailure(`${req.label} rate limit exceeded (${errorSummary(res)}); ${hint}`, true, undefined, wait);
    ctx.log(`${req.label} rate limit reached (HTTP 429); waiting ${fmtSeconds(wait)} before retry ${attempt}/${policy.maxRetries}`);
    await pause(rt, ctx, wait);
  }
}

/** "HTTP 404; receiver said “not_found: Couldn't find that app.”" — from the {id, message} bodies DigitalOcean and Heroku send. */
export function errorSummary(res: ApiResponse): string {
  const body = res.json as { id?: unknown; message?: unknown; error?: unknown } | undefined;
  const id = typeof body?.id === "string" ? body.id : undefined;
  const message = typeof body?.message === "string" ? body.message : typeof body?.error === "string" ? body.error : undefined;
  const detail = message !== undefined ? [id, message].filter(Boolean).join(": ") : res.text;
  const said = detail ? receiverSaid(detail) : "";
  return `HTTP ${res.status}${said ? `; ${said}` : ""}`;
}

/** For logs: an endpoint without credentials, paths or query strings that might carry them. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}
