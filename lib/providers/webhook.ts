import "server-only";
import { receiverSaid } from "@/lib/core/receiver-text";
import type { WebhookConfig } from "./config";
import { fmtSeconds, originOf, ProviderFailure, retryAfterMs, runtime, send, toOutcome, type ApiResponse, type Runtime } from "./http";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./signature";
import type { ProviderContext, ProviderDeps, ProviderOutcome, RebuildProvider, RebuildTarget } from "./types";

export { verifySignature, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";

export const WEBHOOK_EVENT = "fleetprint.rebuild";

/** The generic payload; the GitHub format carries the same fields as client_payload (≤ 10 keys by GitHub's rule). */
export function webhookPayload(t: RebuildTarget, callbackUrl?: string) {
  return { requestId: t.requestId, hostname: t.hostname, fleet: t.fleet, providerRef: t.providerRef, specVersion: t.specVersion, ...(callbackUrl ? { callbackUrl } : {}) };
}

/** Hands the rebuild to a CI system or any HTTP endpoint; it may call back when done (waitForCallback). */
export function createWebhookProvider(config: WebhookConfig, deps?: ProviderDeps): RebuildProvider {
  const rt = runtime(deps);
  return {
    kind: "webhook",
    async rebuild(t, ctx) {
      try {
        return await deliver(rt, config, t, ctx);
      } catch (err) {
        return toOutcome(err);
      }
    },
  };
}

function requireEnv(ctx: ProviderContext, name: string, what: string): string {
  const v = ctx.env[name];
  if (!v) throw new ProviderFailure(`set ${name} in the server environment (${what})`, false);
  return v;
}

async function deliver(rt: Runtime, config: WebhookConfig, t: RebuildTarget, ctx: ProviderContext): Promise<ProviderOutcome> {
  const secret = config.secretEnv ? requireEnv(ctx, config.secretEnv, "the webhook signing secret") : undefined;
  const token = config.tokenEnv ? requireEnv(ctx, config.tokenEnv, config.format === "gitlab" ? "the GitLab pipeline trigger token" : "the GitHub token") : undefined;
  if (config.waitForCallback && !ctx.callbackUrl) ctx.log("note: no callback URL to send; the receiver must know where to report completion");

  const { body, headers } = encode(config, t, ctx.callbackUrl, token);
  headers["User-Agent"] = "Fleetprint";
  headers["X-Fleetprint-Event"] = "rebuild";
  headers["Idempotency-Key"] = t.requestId; // a retried delivery is the same rebuild
  if (secret) {
    const timestamp = String(Math.floor(rt.now() / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = signBody(body, secret, timestamp);
  }

  const where = `the webhook at ${originOf(config.url)}`;
  ctx.log(`POST ${originOf(config.url)} (${config.format} webhook, request ${t.requestId})`);
  const res = await send(rt, ctx, { method: "POST", url: config.url, headers, body, timeoutMs: config.timeoutSeconds * 1000, label: where });
  return outcomeOf(res, config, rt.now(), where, ctx);
}

function encode(config: WebhookConfig, t: RebuildTarget, callbackUrl: string | undefined, token: string | undefined) {
  const payload = webhookPayload(t, callbackUrl);
  if (config.format === "github") {
    return {
      body: JSON.stringify({ event_type: config.eventType, client_payload: payload }),
      headers: { "Content-Type": "application/json", Accept: "application/vnd.github+json", Authorization: `Bearer ${token}`, "X-GitHub-Api-Version": "2022-11-28" } as Record<string, string>,
    };
  }
  if (config.format === "gitlab") {
    const form = new URLSearchParams({ token: token!, ref: config.ref });
    const vars: Record<string, string> = {
      FLEETPRINT_REQUEST_ID: t.requestId,
      FLEETPRINT_HOSTNAME: t.hostname,
      FLEETPRINT_FLEET: t.fleet,
      FLEETPRINT_PROVIDER_REF: t.providerRef ?? "",
      FLEETPRINT_SPEC_VERSION: String(t.specVersion),
      ...(callbackUrl ? { FLEETPRINT_CALLBACK_URL: callbackUrl } : {}),
    };
    // A project that forbids pipeline variables gets none: the pipeline reads its work from /rebuilds/dispatched.
    if (config.variables !== false) for (const [k, v] of Object.entries(vars)) form.append(`variables[${k}]`, v);
    return { body: form.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } as Record<string, string> };
  }
  return { body: JSON.stringify({ event: WEBHOOK_EVENT, ...payload }), headers: { "Content-Type": "application/json" } as Record<string, string> };
}

function outcomeOf(res: ApiResponse, config: WebhookConfig, now: number, where: string, ctx: ProviderContext): ProviderOutcome {
  const s = res.status;
  const answer = receiverSaid(res.text);
  const said = answer ? `; ${answer}` : "";
  if (s >= 200 && s < 300) {
    const externalId = remoteId(res.json);
    const web = (res.json as { web_url?: unknown } | undefined)?.web_url;
    if (typeof web === "string") ctx.log(`pipeline: ${web}`);
    const pull = config.format === "gitlab" && config.variables === false ? "; without variables: the pipeline reads its work from /api/v1/rebuilds/dispatched" : "";
    const accepted = `${where} accepted the rebuild (HTTP ${s})${externalId ? `, run ${externalId}` : ""}${pull}`;
    return config.waitForCallback ? { status: "waiting-callback", message: `${accepted}; waiting for its callback`, externalId } : { status: "succeeded", message: accepted, externalId };
  }
  if (config.format === "gitlab" && s === 400 && /insufficient permissions to set pipeline variables/i.test(res.text)) {
    return {
      status: "failed",
      retryable: false,
      message:
        `${where} refused the pipeline variables (HTTP 400; the project does not let the trigger token's role set pipeline variables, ` +
        `GitLab.com's default for new projects). Set "variables": false in this fleet's webhook provider (with secretEnv and waitForCallback): ` +
        `the pipeline then reads its work from POST /api/v1/rebuilds/dispatched. Or allow the role in Settings → CI/CD → Variables${said}`,
    };
  }
  if (s >= 300 && s < 400) {
    const to = res.headers.get("location");
    return { status: "failed", retryable: false, message: `${where} redirected (HTTP ${s}${to ? ` to ${originOf(new URL(to, config.url).toString())}` : ""}); configure the final URL` };
  }
  if (rateLimited(res)) {
    // GitHub answers an exhausted rate limit with 403 or 429 and x-ratelimit-remaining: 0, a secondary limit with
    // 403 or 429 and retry-after (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api): wait, not refuse.
    const wait = retryAfterMs(res.headers, now);
    return {
      status: "failed",
      retryable: true,
      message: `${where} is rate limiting (HTTP ${s})${wait !== null ? `; retry after ${fmtSeconds(Math.ceil(wait / 1000) * 1000)}` : ""}${said}`,
      ...(wait !== null ? { retryAfterMs: wait } : {}),
    };
  }
  if (s === 408 || s === 425 || s >= 500) return { status: "failed", retryable: true, message: `${where} failed (HTTP ${s})${said}` };
  return { status: "failed", retryable: false, message: `${where} refused the rebuild (HTTP ${s})${said}` };
}

function rateLimited(res: ApiResponse): boolean {
  if (res.status === 429) return true;
  if (res.status !== 403) return false;
  return res.headers.get("x-ratelimit-remaining")?.trim() === "0" || res.headers.get("retry-after") !== null;
}

/** GitLab answers with the pipeline ({id, web_url}); generic receivers may name their run ({id} or {runId}). */
function remoteId(json: unknown): string | undefined {
  const o = json as { id?: unknown; runId?: unknown } | undefined;
  const v = o?.runId ?? o?.id;
  return typeof v === "string" || typeof v === "number" ? String(v).slice(0, 200) : undefined;
}
