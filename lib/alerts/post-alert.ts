import "server-only";
// One HTTP attempt of one alert delivery. No database here: the caller records the result and decides on a
// retry (lib/core/alert-backoff). Messages never carry a URL or secret read from the environment.
import { parseRetryAfter, type AttemptResult } from "@/lib/core/alert-backoff";
import type { ChannelKind } from "@/lib/core/alert-kinds";
import { receiverSaid } from "@/lib/core/receiver-text";
import { originOf, readCapped } from "@/lib/providers/http";
import { guardedFetch, outboundRefusal } from "@/lib/providers/outbound-fetch";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "@/lib/providers/signature";

export interface AlertDeps {
  /** Default: guardedFetch(env), which refuses non-public addresses unless FLEETPRINT_OUTBOUND_ALLOW names them. */
  fetch?: typeof fetch;
  /** Where urlEnv, secretEnv and FLEETPRINT_OUTBOUND_ALLOW are looked up; default process.env. */
  env?: Record<string, string | undefined>;
  now?: () => number;
  random?: () => number;
  timeoutMs?: number;
  /** The dashboard's public URL for links in messages; default env.FLEETPRINT_URL. */
  baseUrl?: string | null;
}

export interface ChannelTarget {
  kind: ChannelKind;
  url: string | null;
  urlEnv: string | null;
  secretEnv: string | null;
}

export interface PostResult extends AttemptResult {
  /** What the log shows: the receiver's answer, or why there was none. Null when delivered. */
  error: string | null;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The dashboard's public URL for links in messages, without a trailing slash; null leaves links out. */
export function alertBaseUrl(deps: AlertDeps): string | null {
  const url = deps.baseUrl !== undefined ? deps.baseUrl : (deps.env ?? process.env).FLEETPRINT_URL || null;
  return url ? url.replace(/\/+$/, "") : null;
}
const MAX_ANSWER = 4096;

export async function postAlert(channel: ChannelTarget, body: string, delivery: { id: number; test: boolean }, deps: AlertDeps = {}): Promise<PostResult> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const misconfigured = (error: string): PostResult => ({ status: null, retryAfterMs: null, misconfigured: true, error });

  const url = channel.url ?? (channel.urlEnv ? env[channel.urlEnv] : undefined);
  if (!url) return misconfigured(`set ${channel.urlEnv} in the server environment (the channel's URL)`);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return misconfigured(`the value of ${channel.urlEnv ?? "url"} is not an http(s) URL`);
  const secret = channel.secretEnv ? env[channel.secretEnv] : undefined;
  if (channel.secretEnv && !secret) return misconfigured(`set ${channel.secretEnv} in the server environment (the signing secret)`);

  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "Fleetprint",
    "X-Fleetprint-Event": delivery.test ? "test" : "alerts",
    "X-Fleetprint-Delivery": String(delivery.id),
    // Retries resend the same delivery: a receiver that saw it already can drop the repeat.
    "Idempotency-Key": `fleetprint-alert-${delivery.id}`,
  };
  if (secret) {
    const timestamp = String(Math.floor(now() / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = signBody(body, secret, timestamp);
  }

  const where = channel.url ? originOf(channel.url) : `the URL in ${channel.urlEnv}`;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let res: Response;
  try {
    res = await (deps.fetch ?? guardedFetch(env))(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    // Retrying cannot help: the address stays non-public until an admin allows it.
    const refused = outboundRefusal(e);
    if (refused) return misconfigured(`${where}: ${refused.message}`);
    const timedOut = (e as Error)?.name === "TimeoutError" || (e as Error)?.name === "AbortError";
    return { status: null, retryAfterMs: null, error: timedOut ? `${where} did not answer within ${timeoutMs / 1000}s` : `could not reach ${where}: ${networkReason(e)}` };
  }
  const text = await readCapped(res, MAX_ANSWER).catch(() => "");
  if (res.status >= 200 && res.status < 300) return { status: res.status, retryAfterMs: null, error: null };
  const said = receiverSaid(text);
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), now());
  return { status: res.status, retryAfterMs, error: `${where} answered HTTP ${res.status}${said ? `; ${said}` : ""}` };
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
