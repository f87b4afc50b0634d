// A receiver for rebuild webhooks, in three shapes:
//  - generic: any other POST path; checks X-Fleetprint-Signature itself (independently of lib/providers),
//  - GitHub "create a repository dispatch event": POST /repos/{owner}/{repo}/dispatches → 204,
//  - GitLab "trigger a pipeline with a token": POST /api/v4/projects/{id}/trigger/pipeline → 201 pipeline.
import { createHmac, timingSafeEqual } from "node:crypto";
import { isJsonContent, parseJson, startServer, type FakeResponse, type FakeServer, type RecordedCall } from "./http-server";

export interface WebhookReceiverOptions {
  secret?: string; // generic hooks: reject bad signatures with 401 when set
  toleranceSeconds?: number; // default 300
  githubToken?: string; // default "ghp_test"
  gitlabTriggerToken?: string; // default "glptt-test"
  /**
   * The project's "Minimum role to use pipeline variables" is "no one allowed" (GitLab.com's default for new
   * projects, docs.gitlab.com/ci/variables/#restrict-pipeline-variables): a trigger with variables gets 400
   * "Insufficient permissions to set pipeline variables".
   */
  gitlabRestrictVariables?: boolean;
}

export interface ReceivedHook {
  format: "generic" | "github" | "gitlab";
  call: RecordedCall;
  signatureValid: boolean | null; // null when the hook carried no signature
  payload: unknown; // parsed JSON, or the form fields as an object
}

export interface WebhookReceiver extends FakeServer {
  options: Required<WebhookReceiverOptions>;
  hooks: ReceivedHook[];
  /** The next POST gets this answer instead (after being recorded). */
  respondNext: (status: number, body?: unknown, headers?: Record<string, string>) => void;
  /** The next POST is never answered: for client timeouts. */
  hangNext: () => void;
  /**
   * The next GitHub dispatch gets GitHub's rate-limit answer (docs.github.com/rest/using-the-rest-api/
   * rate-limits-for-the-rest-api): primary, "403 or 429 … x-ratelimit-remaining 0 … do not retry until after
   * x-ratelimit-reset (epoch seconds)"; secondary, "403 or 429 … retry-after (seconds)".
   */
  githubRateLimitNext: (o: { kind: "primary" | "secondary"; status?: 403 | 429; resetInSeconds?: number }) => void;
}

const GH_DOCS = "https://docs.github.com/rest/repos/repos#create-a-repository-dispatch-event";

function checkSignature(call: RecordedCall, secret: string, tolerance: number): boolean | null {
  const sig = call.headers["x-fleetprint-signature"];
  const ts = call.headers["x-fleetprint-timestamp"];
  if (typeof sig !== "string" || typeof ts !== "string") return null;
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > tolerance) return false;
  const expected = createHmac("sha256", secret).update(`${ts}.${call.body}`).digest();
  const got = Buffer.from(sig.replace(/^sha256=/, ""), "hex");
  return got.length === expected.length && timingSafeEqual(got, expected);
}

function formOrJson(call: RecordedCall): Record<string, string> | null {
  if (isJsonContent(call.headers)) {
    const p = parseJson(call.body);
    if (!p.ok || typeof p.value !== "object" || p.value === null) return null;
    // GitLab's JSON form nests variables; flatten to the form-field spelling for one code path.
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.value as Record<string, unknown>)) {
      if (k === "variables" && v && typeof v === "object") for (const [vk, vv] of Object.entries(v)) out[`variables[${vk}]`] = String(vv);
      else out[k] = String(v);
    }
    return out;
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(call.headers["content-type"] ?? "")) return Object.fromEntries(new URLSearchParams(call.body));
  return null;
}

export async function startWebhookReceiver(opts: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const options: Required<WebhookReceiverOptions> = {
    secret: opts.secret ?? "",
    toleranceSeconds: opts.toleranceSeconds ?? 300,
    githubToken: opts.githubToken ?? "ghp_test",
    gitlabTriggerToken: opts.gitlabTriggerToken ?? "glptt-test",
    gitlabRestrictVariables: opts.gitlabRestrictVariables ?? false,
  };
  const hooks: ReceivedHook[] = [];
  let runs = 0;

  function github(call: RecordedCall): FakeResponse {
    const auth = /^(?:Bearer|token)\s+(\S+)$/i.exec(call.headers.authorization ?? "")?.[1];
    const hook: ReceivedHook = { format: "github", call, signatureValid: options.secret ? checkSignature(call, options.secret, options.toleranceSeconds) : null, payload: undefined };
    hooks.push(hook);
    if (!call.headers["user-agent"]) return { status: 403, body: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n" };
    if (auth !== options.githubToken) return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" } };
    const p = parseJson(call.body);
    if (!p.ok || typeof p.value !== "object" || p.value === null) return { status: 400, body: { message: "Problems parsing JSON", documentation_url: GH_DOCS, status: "400" } };
    hook.payload = p.value;
    const { event_type, client_payload } = p.value as { event_type?: unknown; client_payload?: unknown };
    const invalid = (why: string): FakeResponse => ({ status: 422, body: { message: `Invalid request.\n\n${why}`, documentation_url: GH_DOCS, status: "422" } });
    if (typeof event_type !== "string" || event_type.length === 0) return invalid(`For 'properties/event_type', ${JSON.stringify(event_type ?? null)} is not a string.`);
    if (event_type.length > 100) return invalid("event_type is too long (maximum is 100 characters).");
    if (client_payload !== undefined) {
      if (typeof client_payload !== "object" || client_payload === null || Array.isArray(client_payload)) return invalid("For 'properties/client_payload', it is not an object.");
      if (Object.keys(client_payload).length > 10) return invalid("No more than 10 properties are allowed; " + Object.keys(client_payload).length + " were supplied.");
    }
    return { status: 204 };
  }

  function gitlab(call: RecordedCall, projectId: string): FakeResponse {
    const fields = formOrJson(call);
    hooks.push({ format: "gitlab", call, signatureValid: options.secret ? checkSignature(call, options.secret, options.toleranceSeconds) : null, payload: fields });
    if (!fields?.token || fields.token !== options.gitlabTriggerToken) return { status: 404, body: { message: "404 Not Found" } };
    if (!fields.ref) return { status: 400, body: { error: "ref is missing" } };
    if (options.gitlabRestrictVariables && Object.keys(fields).some((k) => k.startsWith("variables["))) {
      return { status: 400, body: { message: { base: ["Insufficient permissions to set pipeline variables"] } } };
    }
    const id = 1_000_000 + ++runs;
    const now = new Date().toISOString();
    return {
      status: 201,
      body: { id, iid: runs, project_id: Number(projectId) || 1, sha: "a91957a858320c0e17f3a0eca7cfacbff50ea29a", ref: fields.ref, status: "created", source: "trigger", created_at: now, updated_at: now, web_url: `https://gitlab.example.com/ops/fleet/-/pipelines/${id}` },
    };
  }

  function generic(call: RecordedCall): FakeResponse {
    const p = parseJson(call.body);
    const signatureValid = options.secret ? checkSignature(call, options.secret, options.toleranceSeconds) : null;
    hooks.push({ format: "generic", call, signatureValid, payload: p.ok ? p.value : undefined });
    if (options.secret && signatureValid !== true) return { status: 401, body: { error: "invalid signature" } };
    if (!isJsonContent(call.headers) || !p.ok) return { status: 400, body: { error: "expected a JSON body" } };
    return { status: 202, body: { accepted: true, id: `run-${++runs}` } };
  }

  const server = await startServer((call) => {
    if (call.method !== "POST") return { status: 405, headers: { allow: "POST" }, body: { error: "POST only" } };
    if (/^\/repos\/[^/]+\/[^/]+\/dispatches$/.test(call.path)) return github(call);
    const gl = /^\/api\/v4\/projects\/([^/]+)\/trigger\/pipeline$/.exec(call.path);
    if (gl) return gitlab(call, decodeURIComponent(gl[1]));
    return generic(call);
  });

  return {
    ...server,
    options,
    hooks,
    respondNext: (status, body, headers) => server.inject({ status, body, headers, match: (c) => c.method === "POST" }),
    hangNext: () => server.inject({ status: 0, hang: true, match: (c) => c.method === "POST" }),
    githubRateLimitNext: ({ kind, status = 403, resetInSeconds = 60 }) => {
      const reset = Math.floor(Date.now() / 1000) + resetInSeconds;
      const headers: Record<string, string> =
        kind === "primary"
          ? { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000", "x-ratelimit-reset": String(reset), "x-ratelimit-resource": "core" }
          : { "retry-after": String(resetInSeconds), "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4321", "x-ratelimit-reset": String(reset) };
      const message =
        kind === "primary"
          ? "API rate limit exceeded for installation ID 1234567. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222."
          : "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:3333.";
      server.inject({
        status,
        headers,
        body: { message, documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", status: String(status) },
        match: (c) => c.method === "POST" && /\/dispatches$/.test(c.path),
      });
    },
  };
}
