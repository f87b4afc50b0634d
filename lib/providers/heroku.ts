import { SOURCE_URL_PLACEHOLDERS, type HerokuConfig } from "./config";
import { errorSummary, ProviderFailure, runtime, send, sendRespectingRateLimit, toOutcome, truncate, type ApiResponse, type Runtime } from "./http";
import { placeholderValues, substitute } from "./placeholders";
import { pollUntil, progressLogger } from "./poll";
import type { ProviderContext, ProviderDeps, ProviderOutcome, RebuildProvider, RebuildTarget } from "./types";

const LABEL = "Heroku";
const MEDIA = "application/vnd.heroku+json; version=3";
const REQUEST_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL_LINES = 50;
const APP_NAME = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Build {
  id: string;
  status: "pending" | "succeeded" | "failed";
  output_stream_url?: string;
}

/**
 * build: a new slug from the spec's source tarball (POST /apps/{app}/builds), released when it succeeds.
 * restart: every dyno replaced from the current release (DELETE /apps/{app}/dynos), for apps that read
 * their spec at boot.
 */
export function createHerokuProvider(config: HerokuConfig, deps?: ProviderDeps): RebuildProvider {
  const rt = runtime(deps);
  return {
    kind: "heroku",
    async rebuild(t, ctx) {
      try {
        return await rebuildApp(rt, config, t, ctx);
      } catch (err) {
        return toOutcome(err);
      }
    },
  };
}

async function rebuildApp(rt: Runtime, config: HerokuConfig, t: RebuildTarget, ctx: ProviderContext): Promise<ProviderOutcome> {
  const key = ctx.env[config.tokenEnv];
  if (!key) throw new ProviderFailure(`set ${config.tokenEnv} in the server environment to a Heroku API key (heroku authorizations:create)`, false);
  const app = config.app ?? t.providerRef?.trim() ?? "";
  if (!app) throw new ProviderFailure(`no Heroku app for ${t.hostname}: set "app" in the provider config or record the app name as the host's provider reference`, false);
  if (!APP_NAME.test(app) && !UUID.test(app)) throw new ProviderFailure(`"${app}" is not a Heroku app name or id`, false);

  const deadline = rt.now() + config.timeoutSeconds * 1000;
  const base = config.apiBase.replace(/\/+$/, "");
  const api = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) =>
    sendRespectingRateLimit(
      rt,
      ctx,
      {
        method,
        url: `${base}${path}`,
        headers: { Authorization: `Bearer ${key}`, Accept: MEDIA, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: Math.min(REQUEST_TIMEOUT_MS, Math.max(1_000, deadline - rt.now())),
        label: LABEL,
      },
      { maxRetries: 3, maxWaitMs: 120_000, fallbackWaitMs: (n) => 5_000 * 2 ** (n - 1), deadline },
    );
  const appPath = `/apps/${encodeURIComponent(app)}`;

  if (config.mode === "restart") {
    ctx.log(`asking Heroku to restart every dyno of ${app}`);
    const res = await api("DELETE", `${appPath}/dynos`);
    if (res.status !== 202 && res.status !== 200) throw failure(res, app);
    return { status: "succeeded", message: `restarted all dynos of ${app}` };
  }

  const values = placeholderValues(t);
  const raw = config.sourceUrl!.replace(/%7B/gi, "{").replace(/%7D/gi, "}");
  const sourceUrl = substitute(raw, Object.fromEntries(SOURCE_URL_PLACEHOLDERS.map((k) => [k, values[k as keyof typeof values]])), encodeURIComponent);
  const version = `spec-v${t.specVersion}`;
  ctx.log(`asking Heroku to build ${app} from ${withoutQuery(sourceUrl)} (${version})`);
  const created = await api("POST", `${appPath}/builds`, { source_blob: { url: sourceUrl, version } });
  if (created.status !== 201 && created.status !== 200) throw failure(created, app);
  const build = buildOf(created);
  const externalId = build.id;
  ctx.log(`build ${externalId} ${build.status}`);

  const progress = progressLogger(rt, ctx);
  const final =
    build.status !== "pending"
      ? build
      : await pollUntil(rt, ctx, {
          intervalMs: config.pollIntervalSeconds * 1000,
          deadline,
          externalId,
          timeoutMessage: (ms) => `build ${externalId} still pending after ${Math.round(ms / 1000)}s; see heroku builds:info ${externalId} -a ${app}`,
          check: async () => {
            const res = await api("GET", `${appPath}/builds/${encodeURIComponent(externalId)}`);
            if (res.status !== 200) throw failure(res, app, true);
            const b = buildOf(res);
            progress(b.status, `build ${externalId}`);
            return b.status === "pending" ? undefined : b;
          },
        });

  await logOutputTail(rt, ctx, final.output_stream_url ?? build.output_stream_url);
  if (final.status === "succeeded") return { status: "succeeded", message: `${app} built and released from ${version} (build ${externalId})`, externalId };
  return { status: "failed", message: `Heroku build ${externalId} of ${app} failed; its output is in the log above`, retryable: false, externalId };
}

function buildOf(res: ApiResponse): Build {
  const b = res.json as Partial<Build> | undefined;
  if (!b || typeof b.id !== "string" || !["pending", "succeeded", "failed"].includes(b.status as string)) throw new ProviderFailure(`unexpected answer from Heroku (HTTP ${res.status}): no build in the body`, true);
  return b as Build;
}

function failure(res: ApiResponse, app: string, polling = false): ProviderFailure {
  const why = errorSummary(res);
  const s = res.status;
  if (s === 401) return new ProviderFailure(`Heroku rejected the API key (${why})`, false);
  if (s === 402) return new ProviderFailure(`Heroku account needs attention: billing (${why})`, false);
  if (s === 403) return new ProviderFailure(`the API key has no access to ${app} (${why})`, false);
  if (s === 404) return new ProviderFailure(polling ? `build vanished from ${app} (${why})` : `Heroku app ${app} not found (${why})`, false);
  if (s === 409) return new ProviderFailure(`Heroku reports a conflict on ${app}; try again later (${why})`, true);
  if (s === 422) return new ProviderFailure(`Heroku refused the request for ${app} (${why})`, false);
  if (s >= 500) return new ProviderFailure(`Heroku failed to answer for ${app} (${why})`, true);
  return new ProviderFailure(`unexpected answer from Heroku (${why})`, false);
}

/** The build's own output explains a failure better than anything we could say. Best effort. */
async function logOutputTail(rt: Runtime, ctx: ProviderContext, url: string | undefined): Promise<void> {
  if (!url || !/^https?:\/\//.test(url)) return;
  try {
    // Pre-signed URL on another host: the API key must not go there.
    const res = await send(rt, ctx, { method: "GET", url, headers: {}, timeoutMs: 10_000, label: "the Heroku build output" });
    if (res.status !== 200) return ctx.log(`build output unavailable (HTTP ${res.status})`);
    const lines = res.text.split(/\r?\n/).filter((l) => l.length > 0);
    const tail = lines.slice(-OUTPUT_TAIL_LINES);
    ctx.log(`build output${lines.length > tail.length ? ` (last ${tail.length} of ${lines.length} lines)` : ""}:`);
    for (const l of tail) ctx.log(`  ${truncate(l, 2000)}`);
  } catch (err) {
    ctx.log(`build output unavailable (${err instanceof Error ? err.message : String(err)})`);
  }
}

function withoutQuery(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}

