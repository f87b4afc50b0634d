import "server-only";
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
  release?: { id: string } | null;
}

interface Release {
  id: string;
  version?: number;
  status: "pending" | "succeeded" | "failed";
  output_stream_url?: string | null;
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
    // After a restart (or a failed status check): the build exists; it and its release are followed, not started again.
    async resume(externalId, t, ctx) {
      try {
        if (!UUID.test(externalId)) throw new ProviderFailure(`"${externalId}" is not a Heroku build id`, false);
        const s = session(rt, config, t, ctx);
        ctx.log(`following build ${externalId} of ${s.app}`);
        return await follow(rt, config, ctx, s, { id: externalId, status: "pending" });
      } catch (err) {
        return toOutcome(err, externalId);
      }
    },
  };
}

type Session = ReturnType<typeof session>;

function session(rt: Runtime, config: HerokuConfig, t: RebuildTarget, ctx: ProviderContext) {
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
  return { app, api, deadline, appPath: `/apps/${encodeURIComponent(app)}`, version: `spec-v${t.specVersion}` };
}

async function rebuildApp(rt: Runtime, config: HerokuConfig, t: RebuildTarget, ctx: ProviderContext): Promise<ProviderOutcome> {
  const s = session(rt, config, t, ctx);
  const { app, api, appPath, version } = s;
  if (config.mode === "restart") {
    ctx.log(`asking Heroku to restart every dyno of ${app}`);
    const res = await api("DELETE", `${appPath}/dynos`);
    if (res.status !== 202 && res.status !== 200) throw failure(res, app);
    return { status: "succeeded", message: `restarted all dynos of ${app}` };
  }

  const values = placeholderValues(t);
  const raw = config.sourceUrl!.replace(/%7B/gi, "{").replace(/%7D/gi, "}");
  const sourceUrl = substitute(raw, Object.fromEntries(SOURCE_URL_PLACEHOLDERS.map((k) => [k, values[k as keyof typeof values]])), encodeURIComponent);
  ctx.log(`asking Heroku to build ${app} from ${withoutQuery(sourceUrl)} (${version})`);
  const created = await api("POST", `${appPath}/builds`, { source_blob: { url: sourceUrl, version } });
  if (created.status !== 201 && created.status !== 200) throw failure(created, app);
  const build = buildOf(created);
  ctx.log(`build ${build.id} ${build.status}`);
  await ctx.started?.(build.id);
  return follow(rt, config, ctx, s, build);
}

/**
 * A build that succeeded is not yet deployed: it creates a release, which runs the app's release phase (migrations,
 * say) and becomes current only if that succeeds. Both are followed to their end.
 */
async function follow(rt: Runtime, config: HerokuConfig, ctx: ProviderContext, s: Session, build: Build): Promise<ProviderOutcome> {
  const { app, api, appPath, deadline, version } = s;
  const externalId = build.id;
  const progress = progressLogger(rt, ctx);
  const poll = <T>(what: string, check: () => Promise<T | undefined>) =>
    pollUntil(rt, ctx, {
      intervalMs: config.pollIntervalSeconds * 1000,
      deadline,
      externalId,
      timeoutMessage: (ms) => `${what} still pending after ${Math.round(ms / 1000)}s; see heroku builds:info ${externalId} -a ${app}`,
      check,
    });
  const readBuild = async () => {
    const res = await api("GET", `${appPath}/builds/${encodeURIComponent(externalId)}`);
    if (res.status !== 200) throw failure(res, app, true);
    return buildOf(res);
  };
  // Done and, when it succeeded, with its release named (Heroku fills it in as it creates the release).
  const final = build.status !== "pending" && (build.status !== "succeeded" || build.release)
    ? build
    : await poll(`build ${externalId}`, async () => {
        const b = await readBuild();
        progress(b.status, `build ${externalId}`);
        return b.status === "pending" || (b.status === "succeeded" && !b.release?.id) ? undefined : b;
      });
  await logOutputTail(rt, ctx, final.output_stream_url ?? build.output_stream_url, "build output");
  if (final.status !== "succeeded") return { status: "failed", message: `Heroku build ${externalId} of ${app} failed; its output is in the log above`, retryable: false, externalId };

  const releaseId = final.release!.id;
  const readRelease = async () => {
    const res = await api("GET", `${appPath}/releases/${encodeURIComponent(releaseId)}`);
    if (res.status !== 200) throw failure(res, app, true);
    return releaseOf(res);
  };
  ctx.log(`build ${externalId} succeeded; following release ${releaseId}`);
  const released = await poll(`release ${releaseId}`, async () => {
    const r = await readRelease();
    progress(r.status, `release${r.version ? ` v${r.version}` : ""}`);
    return r.status === "pending" ? undefined : r;
  });
  const v = released.version ? `v${released.version}` : releaseId;
  if (released.status === "succeeded") return { status: "succeeded", message: `${app} built and released from ${version} (build ${externalId}, release ${v})`, externalId };
  await logOutputTail(rt, ctx, released.output_stream_url ?? undefined, "release phase output");
  return {
    status: "failed",
    message: `Heroku release ${v} of ${app} failed in its release phase, so it was not deployed (the previous release keeps running); its output is in the log above`,
    retryable: false,
    externalId,
  };
}

function releaseOf(res: ApiResponse): Release {
  const r = res.json as Partial<Release> | undefined;
  if (!r || typeof r.id !== "string" || !["pending", "succeeded", "failed"].includes(r.status as string)) throw new ProviderFailure(`unexpected answer from Heroku (HTTP ${res.status}): no release in the body`, true);
  return r as Release;
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
async function logOutputTail(rt: Runtime, ctx: ProviderContext, url: string | undefined, what: string): Promise<void> {
  if (!url || !/^https?:\/\//.test(url)) return;
  try {
    // Pre-signed URL on another host: the API key must not go there.
    const res = await send(rt, ctx, { method: "GET", url, headers: {}, timeoutMs: 10_000, label: "the Heroku build output" });
    if (res.status !== 200) return ctx.log(`${what} unavailable (HTTP ${res.status})`);
    const lines = res.text.split(/\r?\n/).filter((l) => l.length > 0);
    const tail = lines.slice(-OUTPUT_TAIL_LINES);
    ctx.log(`${what}${lines.length > tail.length ? ` (last ${tail.length} of ${lines.length} lines)` : ""}:`);
    for (const l of tail) ctx.log(`  ${truncate(l, 2000)}`);
  } catch (err) {
    ctx.log(`${what} unavailable (${err instanceof Error ? err.message : String(err)})`);
  }
}

function withoutQuery(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}

