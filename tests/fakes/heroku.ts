// A stand-in for the Heroku Platform API (builds, dynos), following its published contract:
// Accept: application/vnd.heroku+json; version=3, bearer API keys, {"id","message"} errors,
// RateLimit-Remaining on every answer, builds that go pending → succeeded | failed with an output stream, and the
// release a succeeded build creates, which runs the app's release phase: "If the release phase fails, the new
// release is not deployed" (devcenter.heroku.com/articles/release-phase); its status goes pending → succeeded |
// failed (Platform API reference, Release: status "failed", "pending" or "succeeded").
import { randomUUID } from "node:crypto";
import { bearer, isJsonContent, parseJson, startServer, type FakeResponse, type FakeServer, type RecordedCall } from "./http-server";

export interface FakeHerokuOptions {
  apiKey?: string; // the key that authenticates (default "heroku-test-key")
  forbiddenKeys?: string[]; // authenticate, but are not collaborators on any app → 403
  apps?: string[]; // existing app names (default ["fp-web"])
  pollsBeforeDone?: number; // GET /apps/:app/builds/:id answers "pending" this many times first (default 1)
  buildOutcome?: "succeeded" | "failed";
  buildOutput?: string[]; // lines served at the build's output_stream_url
  releasePhase?: "none" | "succeeded" | "failed"; // none: the release is succeeded at once (default)
  releasePollsBeforeDone?: number; // GET /apps/:app/releases/:id answers "pending" this many times first (a slow release phase)
  releaseOutput?: string[];
}

export interface FakeRelease {
  id: string;
  version: number;
  status: "pending" | "succeeded" | "failed";
  current: boolean;
  description: string;
  output_stream_url: string | null;
  created_at: string;
  updated_at: string;
  app: { id: string; name: string };
  slug: { id: string } | null;
  user: { email: string; id: string };
  addon_plan_names: string[];
}

export interface FakeBuild {
  app: { id: string; name: string };
  buildpacks: null;
  created_at: string;
  id: string;
  output_stream_url: string;
  release: { id: string } | null;
  slug: { id: string } | null;
  source_blob: { checksum: string | null; url: string; version: string | null; version_description: string | null };
  stack: string;
  status: "pending" | "succeeded" | "failed";
  updated_at: string;
  user: { email: string; id: string };
}

export interface FakeHeroku extends FakeServer {
  options: Required<FakeHerokuOptions>;
  builds: Map<string, FakeBuild & { pollsLeft: number }>;
  releases: Map<string, FakeRelease & { pollsLeft: number }>;
  restarts: string[]; // app names whose dynos were restarted
  rateLimitNext: (o?: { times?: number; retryAfterSeconds?: number; match?: (c: RecordedCall) => boolean }) => void;
  failNext: (o?: { status?: number; times?: number; match?: (c: RecordedCall) => boolean }) => void;
}

const MEDIA = "application/vnd.heroku+json; version=3";
const err = (status: number, id: string, message: string, extra: Record<string, unknown> = {}): FakeResponse => ({ status, body: { id, message, ...extra } });
const noApp = () => err(404, "not_found", "Couldn't find that app.", { resource: "app" });

export async function startFakeHeroku(opts: FakeHerokuOptions = {}): Promise<FakeHeroku> {
  const options: Required<FakeHerokuOptions> = {
    apiKey: opts.apiKey ?? "heroku-test-key",
    forbiddenKeys: opts.forbiddenKeys ?? [],
    apps: opts.apps ?? ["fp-web"],
    pollsBeforeDone: opts.pollsBeforeDone ?? 1,
    buildOutcome: opts.buildOutcome ?? "succeeded",
    buildOutput: opts.buildOutput ?? ["-----> Building on the Heroku-24 stack", "-----> Fetching source", "-----> Launching...", "       Released v42"],
    releasePhase: opts.releasePhase ?? "none",
    releasePollsBeforeDone: opts.releasePollsBeforeDone ?? 1,
    releaseOutput: opts.releaseOutput ?? ["Running release command...", "Migrating database... done"],
  };
  const releases: FakeHeroku["releases"] = new Map();
  let version = 41;
  const builds: FakeHeroku["builds"] = new Map();
  const restarts: string[] = [];
  const appIds = new Map<string, string>();
  const appId = (name: string) => appIds.get(name) ?? (appIds.set(name, randomUUID()), appIds.get(name)!);
  let remaining = 4500;
  let baseUrl = "";

  const view = ({ pollsLeft: _p, ...b }: FakeBuild & { pollsLeft: number }): FakeBuild => b;
  const viewRelease = ({ pollsLeft: _p, ...r }: FakeRelease & { pollsLeft: number }): FakeRelease => r;
  function release(b: FakeBuild, slug: string): string {
    const id = randomUUID();
    const now = new Date().toISOString();
    const phase = options.releasePhase !== "none";
    releases.set(id, {
      id,
      version: ++version,
      status: phase ? "pending" : "succeeded",
      current: !phase,
      description: `Deploy ${b.source_blob.version ?? ""}`.trim(),
      output_stream_url: phase ? `${baseUrl}/streams/release-${id}` : null,
      created_at: now,
      updated_at: now,
      app: b.app,
      slug: { id: slug },
      user: b.user,
      addon_plan_names: [],
      pollsLeft: options.releasePollsBeforeDone,
    });
    return id;
  }

  function route(call: RecordedCall): FakeResponse {
    // The output stream is a pre-signed URL on another host in real life: no API key, plain text.
    const stream = /^\/streams\/([^/]+)$/.exec(call.path);
    if (stream && call.method === "GET") {
      const r = stream[1].startsWith("release-") ? releases.get(stream[1].slice(8)) : undefined;
      if (r) return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: options.releaseOutput.join("\n") + "\n" };
      const b = builds.get(stream[1]);
      return b ? { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: options.buildOutput.join("\n") + "\n" } : { status: 404, body: "not found" };
    }

    if (!(call.headers.accept ?? "").includes(MEDIA)) return err(406, "not_acceptable", `Please specify a version along with Heroku's API MIME type. For example, \`Accept: ${MEDIA}\`.`);
    const key = bearer(call.headers);
    if (!key || (key !== options.apiKey && !options.forbiddenKeys.includes(key))) return err(401, "unauthorized", "Invalid credentials provided.");

    const m = /^\/apps\/([^/]+)\/(builds|dynos|releases)(?:\/([^/]+))?$/.exec(call.path);
    if (!m) return err(404, "not_found", "The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?");
    const app = decodeURIComponent(m[1]);
    if (!options.apps.includes(app)) return noApp();
    if (options.forbiddenKeys.includes(key)) return err(403, "forbidden", `You do not have access to the app ${app}.`);

    if (m[2] === "builds" && !m[3] && call.method === "POST") {
      if (!isJsonContent(call.headers)) return err(400, "bad_request", "Content-Type must be application/json.");
      const parsed = parseJson(call.body);
      if (!parsed.ok) return err(400, "bad_request", "Request body is not valid JSON.");
      const blob = (parsed.value as { source_blob?: { url?: unknown; version?: unknown } } | null)?.source_blob;
      if (!blob || typeof blob.url !== "string") return err(422, "invalid_params", "Missing required params: source_blob.url.");
      if (!/^https?:\/\//.test(blob.url)) return err(422, "invalid_params", "source_blob.url must be an http or https URL.");
      if (blob.version !== undefined && blob.version !== null && typeof blob.version !== "string") return err(422, "invalid_params", "Invalid type for source_blob.version: expected string.");
      const now = new Date().toISOString();
      const id = randomUUID();
      const build = {
        app: { id: appId(app), name: app },
        buildpacks: null,
        created_at: now,
        id,
        output_stream_url: `${baseUrl}/streams/${id}`,
        release: null,
        slug: null,
        source_blob: { checksum: null, url: blob.url, version: (blob.version as string | undefined) ?? null, version_description: null },
        stack: "heroku-24",
        status: "pending" as const,
        updated_at: now,
        user: { email: "ops@example.com", id: randomUUID() },
        pollsLeft: options.pollsBeforeDone,
      };
      builds.set(id, build);
      return { status: 201, body: view(build) };
    }

    if (m[2] === "builds" && m[3] && call.method === "GET") {
      const b = builds.get(m[3]);
      if (!b || b.app.name !== app) return err(404, "not_found", "Couldn't find that build.", { resource: "build" });
      if (b.status === "pending") {
        if (b.pollsLeft > 0) b.pollsLeft--;
        else {
          b.status = options.buildOutcome;
          b.updated_at = new Date().toISOString();
          if (b.status === "succeeded") {
            b.slug = { id: randomUUID() };
            b.release = { id: release(b, b.slug.id) };
          }
        }
      }
      return { status: 200, body: view(b) };
    }

    if (m[2] === "releases" && m[3] && call.method === "GET") {
      const r = releases.get(m[3]) ?? [...releases.values()].find((x) => String(x.version) === m[3]);
      if (!r || r.app.name !== app) return err(404, "not_found", "Couldn't find that release.", { resource: "release" });
      if (r.status === "pending") {
        if (r.pollsLeft > 0) r.pollsLeft--;
        else {
          r.status = options.releasePhase === "failed" ? "failed" : "succeeded";
          r.current = r.status === "succeeded";
          r.updated_at = new Date().toISOString();
        }
      }
      return { status: 200, body: viewRelease(r) };
    }

    if (m[2] === "dynos" && !m[3] && call.method === "DELETE") {
      restarts.push(app);
      return { status: 202, body: {} };
    }
    return err(404, "not_found", "The requested API endpoint was not found.");
  }

  const server = await startServer((call) => {
    remaining = Math.max(0, remaining - 1);
    const res = route(call);
    res.headers = { "content-type": "application/json", "ratelimit-remaining": String(remaining), "request-id": randomUUID(), ...res.headers };
    return res;
  });
  baseUrl = server.url;

  return {
    ...server,
    options,
    builds,
    releases,
    restarts,
    rateLimitNext: ({ times = 1, retryAfterSeconds, match } = {}) =>
      server.inject({
        status: 429,
        times,
        match,
        headers: { "ratelimit-remaining": "0", ...(retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {}) },
        body: { id: "rate_limit", message: "Your account reached the API rate limit\nPlease wait a few minutes before making new requests", url: "https://devcenter.heroku.com/articles/platform-api-reference#rate-limits" },
      }),
    failNext: ({ status = 503, times = 1, match } = {}) =>
      server.inject({ status, times, match, body: { id: "service_unavailable", message: "API is temporarily unavailable." } }),
  };
}
