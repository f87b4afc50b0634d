import "server-only";
import type { DigitalOceanConfig } from "./config";
import { errorSummary, ProviderFailure, runtime, sendRespectingRateLimit, toOutcome, type ApiResponse, type RateLimitPolicy, type Runtime } from "./http";
import { pollUntil, progressLogger } from "./poll";
import type { ProviderContext, ProviderDeps, ProviderOutcome, RebuildProvider, RebuildTarget } from "./types";

const LABEL = "DigitalOcean";
const REQUEST_TIMEOUT_MS = 30_000;

interface DoAction {
  id: number;
  status: "in-progress" | "completed" | "errored";
}

/** Rebuilds a droplet in place from an image: same id and IP, fresh disk (POST /v2/droplets/{id}/actions). */
export function createDigitalOceanProvider(config: DigitalOceanConfig, deps?: ProviderDeps): RebuildProvider {
  const rt = runtime(deps);
  return {
    kind: "digitalocean",
    async rebuild(t, ctx) {
      try {
        return await rebuildDroplet(rt, config, t, ctx);
      } catch (err) {
        return toOutcome(err);
      }
    },
    // After a restart (or a failed status check): the action exists, so it is followed, never started again.
    async resume(externalId, t, ctx) {
      try {
        const { api, dropletId, deadline } = session(rt, config, t, ctx);
        if (!/^\d{1,19}$/.test(externalId)) throw new ProviderFailure(`"${externalId}" is not a DigitalOcean action id`, false);
        ctx.log(`following rebuild action ${externalId} of droplet ${dropletId}`);
        return await follow(rt, config, ctx, api, dropletId, externalId, deadline);
      } catch (err) {
        return toOutcome(err, externalId);
      }
    },
  };
}

type Api = (method: "GET" | "POST", path: string, body?: unknown) => Promise<ApiResponse>;

function session(rt: Runtime, config: DigitalOceanConfig, t: RebuildTarget, ctx: ProviderContext) {
  const token = ctx.env[config.tokenEnv];
  if (!token) throw new ProviderFailure(`set ${config.tokenEnv} in the server environment to a DigitalOcean API token with droplet:update scope`, false);
  const dropletId = t.providerRef?.trim() ?? "";
  if (!/^\d{1,19}$/.test(dropletId))
    throw new ProviderFailure(t.providerRef ? `provider reference "${t.providerRef}" of ${t.hostname} is not a numeric droplet id` : `${t.hostname} has no provider reference; record its droplet id first`, false);

  const deadline = rt.now() + config.timeoutSeconds * 1000;
  const policy: RateLimitPolicy = { maxRetries: 3, maxWaitMs: 120_000, fallbackWaitMs: (n) => 5_000 * 2 ** (n - 1), deadline };
  const api: Api = (method, path, body) =>
    sendRespectingRateLimit(
      rt,
      ctx,
      {
        method,
        url: `${config.apiBase.replace(/\/+$/, "")}${path}`,
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: Math.min(REQUEST_TIMEOUT_MS, Math.max(1_000, deadline - rt.now())),
        label: LABEL,
      },
      policy,
    );
  return { api, dropletId, deadline };
}

async function rebuildDroplet(rt: Runtime, config: DigitalOceanConfig, t: RebuildTarget, ctx: ProviderContext): Promise<ProviderOutcome> {
  const { api, dropletId, deadline } = session(rt, config, t, ctx);
  ctx.log(`asking DigitalOcean to rebuild droplet ${dropletId} (${t.hostname}) from image ${config.image}`);
  const started = await api("POST", `/v2/droplets/${dropletId}/actions`, { type: "rebuild", image: config.image });
  if (started.status !== 201) throw startFailure(started, dropletId, config.image);
  const action = actionOf(started);
  const externalId = String(action.id);
  ctx.log(`rebuild action ${externalId} accepted (${action.status})`);
  await ctx.started?.(externalId);
  return follow(rt, config, ctx, api, dropletId, externalId, deadline);
}

async function follow(rt: Runtime, config: DigitalOceanConfig, ctx: ProviderContext, api: Api, dropletId: string, externalId: string, deadline: number): Promise<ProviderOutcome> {
  const progress = progressLogger(rt, ctx);
  const final = await pollUntil(rt, ctx, {
    intervalMs: config.pollIntervalSeconds * 1000,
    deadline,
    externalId,
    timeoutMessage: (ms) => `action ${externalId} still in-progress after ${Math.round(ms / 1000)}s; check droplet ${dropletId} in the DigitalOcean control panel`,
    check: async () => {
      const res = await api("GET", `/v2/actions/${externalId}`);
      if (res.status !== 200) throw pollFailure(res, externalId);
      const a = actionOf(res);
      progress(a.status, `action ${externalId}`);
      return a.status === "in-progress" ? undefined : a;
    },
  });

  if (final.status === "completed") return { status: "succeeded", message: `droplet ${dropletId} rebuilt from image ${config.image} (action ${externalId})`, externalId };
  // An errored rebuild leaves the droplet in an unknown state: a person should look before anything retries.
  return { status: "failed", message: `DigitalOcean reported rebuild action ${externalId} as ${final.status}; check droplet ${dropletId} in the control panel`, retryable: false, externalId };
}

function actionOf(res: ApiResponse): DoAction {
  const a = (res.json as { action?: Partial<DoAction> } | undefined)?.action;
  if (!a || typeof a.id !== "number" || !["in-progress", "completed", "errored"].includes(a.status as string))
    throw new ProviderFailure(`unexpected answer from DigitalOcean (HTTP ${res.status}): no action in the body`, true);
  return a as DoAction;
}

function startFailure(res: ApiResponse, dropletId: string, image: string | number): ProviderFailure {
  const why = errorSummary(res);
  switch (true) {
    case res.status === 401:
      return new ProviderFailure(`DigitalOcean rejected the token (${why})`, false);
    case res.status === 403:
      return new ProviderFailure(`the token may not act on droplet ${dropletId}; it needs droplet:update scope (${why})`, false);
    case res.status === 404:
      return new ProviderFailure(`droplet ${dropletId} not found (${why})`, false);
    case res.status === 422 && /pending event/i.test(why):
      return new ProviderFailure(`droplet ${dropletId} is busy with another action; try again when it finishes (${why})`, true);
    case res.status === 422:
      return new ProviderFailure(`DigitalOcean refused to rebuild droplet ${dropletId} from image ${image} (${why})`, false);
    case res.status >= 500:
      return new ProviderFailure(`DigitalOcean failed to start the rebuild (${why})`, true);
    default:
      return new ProviderFailure(`unexpected answer from DigitalOcean (${why})`, false);
  }
}

function pollFailure(res: ApiResponse, actionId: string): ProviderFailure {
  const why = errorSummary(res);
  if (res.status >= 500) return new ProviderFailure(`DigitalOcean could not report on action ${actionId} (${why})`, true);
  if (res.status === 401) return new ProviderFailure(`DigitalOcean stopped accepting the token while action ${actionId} ran (${why})`, false);
  return new ProviderFailure(`could not follow action ${actionId} (${why})`, false);
}
