// A stand-in for the DigitalOcean API v2 (droplet actions), following its published contract:
// bearer tokens, {"id","message"} error bodies, ratelimit-* headers on every answer, Retry-After on 429,
// actions that move from "in-progress" to "completed" or "errored".
import { randomUUID } from "node:crypto";
import { bearer, isJsonContent, parseJson, startServer, type FakeResponse, type FakeServer, type RecordedCall } from "./http-server";

export interface FakeDigitalOceanOptions {
  token?: string; // the token that authenticates (default "do-test-token")
  readOnlyTokens?: string[]; // authenticate, but may not start actions → 403
  droplets?: number[]; // existing droplet ids (default [3164444])
  images?: (string | number)[]; // images a droplet can be rebuilt from (default ["ubuntu-24-04-x64", 146288445])
  pollsBeforeDone?: number; // GET /v2/actions/:id answers "in-progress" this many times first (default 1; Infinity = never done)
  actionOutcome?: "completed" | "errored";
}

export interface FakeAction {
  id: number;
  status: "in-progress" | "completed" | "errored";
  type: string;
  started_at: string;
  completed_at: string | null;
  resource_id: number;
  resource_type: "droplet";
  region: { name: string; slug: string; features: string[]; available: boolean; sizes: string[] };
  region_slug: string;
}

export interface FakeDigitalOcean extends FakeServer {
  options: Required<FakeDigitalOceanOptions>; // mutable knobs, read on every request
  actions: Map<number, FakeAction & { image: string | number; pollsLeft: number }>;
  /** Answer the next `times` requests with 429, as DigitalOcean does when the token's budget is spent. */
  rateLimitNext: (o?: { times?: number; retryAfterSeconds?: number; sendRetryAfter?: boolean; match?: (c: RecordedCall) => boolean }) => void;
  /** Answer the next `times` matching requests with a server error. */
  failNext: (o?: { status?: number; times?: number; match?: (c: RecordedCall) => boolean }) => void;
}

const LIMIT = 5000;
const err = (status: number, id: string, message: string): FakeResponse => ({ status, body: { id, message, request_id: randomUUID() } });
const notFound = () => err(404, "not_found", "The resource you were accessing could not be found.");

export async function startFakeDigitalOcean(opts: FakeDigitalOceanOptions = {}): Promise<FakeDigitalOcean> {
  const options: Required<FakeDigitalOceanOptions> = {
    token: opts.token ?? "do-test-token",
    readOnlyTokens: opts.readOnlyTokens ?? [],
    droplets: opts.droplets ?? [3164444],
    images: opts.images ?? ["ubuntu-24-04-x64", 146288445],
    pollsBeforeDone: opts.pollsBeforeDone ?? 1,
    actionOutcome: opts.actionOutcome ?? "completed",
  };
  const actions: FakeDigitalOcean["actions"] = new Map();
  let nextActionId = 36804636;
  let remaining = LIMIT;
  const resetAt = () => Math.floor(Date.now() / 1000) + 3600;

  const public_ = ({ image: _i, pollsLeft: _p, ...a }: FakeAction & { image: unknown; pollsLeft: number }): FakeAction => a;

  function route(call: RecordedCall): FakeResponse {
    const token = bearer(call.headers);
    if (!token || (token !== options.token && !options.readOnlyTokens.includes(token))) return err(401, "Unauthorized", "Unable to authenticate you");

    let m = /^\/v2\/droplets\/([^/]+)\/actions$/.exec(call.path);
    if (m && call.method === "POST") {
      if (!/^\d+$/.test(m[1]) || !options.droplets.includes(Number(m[1]))) return notFound();
      if (options.readOnlyTokens.includes(token)) return err(403, "forbidden", "You do not have access for the attempted action.");
      if (!isJsonContent(call.headers)) return err(400, "bad_request", "Content-Type must be application/json.");
      const parsed = parseJson(call.body);
      if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return err(400, "bad_request", "The request body is not valid JSON.");
      const body = parsed.value as { type?: unknown; image?: unknown };
      if (body.type !== "rebuild") return err(422, "unprocessable_entity", "Type is not a supported action type for this fake (rebuild only).");
      if (body.image === undefined || body.image === null || body.image === "") return err(422, "unprocessable_entity", "Image can't be blank");
      if (!options.images.includes(body.image as string | number)) return err(422, "unprocessable_entity", "You specified an invalid image for Droplet rebuild.");
      const dropletId = Number(m[1]);
      if ([...actions.values()].some((a) => a.resource_id === dropletId && a.status === "in-progress")) return err(422, "unprocessable_entity", "Droplet already has a pending event.");
      const action = {
        id: nextActionId++,
        status: "in-progress" as const,
        type: "rebuild",
        started_at: new Date().toISOString(),
        completed_at: null,
        resource_id: dropletId,
        resource_type: "droplet" as const,
        region: { name: "New York 3", slug: "nyc3", features: ["backups", "ipv6", "metadata"], available: true, sizes: ["s-1vcpu-1gb"] },
        region_slug: "nyc3",
        image: body.image as string | number,
        pollsLeft: options.pollsBeforeDone,
      };
      actions.set(action.id, action);
      return { status: 201, body: { action: public_(action) } };
    }

    m = /^\/v2\/actions\/([^/]+)$/.exec(call.path) ?? /^\/v2\/droplets\/\d+\/actions\/([^/]+)$/.exec(call.path);
    if (m && call.method === "GET") {
      const action = /^\d+$/.test(m[1]) ? actions.get(Number(m[1])) : undefined;
      if (!action) return notFound();
      if (action.status === "in-progress") {
        if (action.pollsLeft > 0) action.pollsLeft--;
        else {
          action.status = options.actionOutcome;
          action.completed_at = new Date().toISOString();
        }
      }
      return { status: 200, body: { action: public_(action) } };
    }

    return notFound();
  }

  const server = await startServer((call) => {
    remaining = Math.max(0, remaining - 1);
    const res = route(call);
    res.headers = { "ratelimit-limit": String(LIMIT), "ratelimit-remaining": String(remaining), "ratelimit-reset": String(resetAt()), "x-request-id": randomUUID(), ...res.headers };
    return res;
  });

  return {
    ...server,
    options,
    actions,
    rateLimitNext: ({ times = 1, retryAfterSeconds = 2, sendRetryAfter = true, match } = {}) =>
      server.inject({
        status: 429,
        times,
        match,
        headers: {
          "ratelimit-limit": String(LIMIT),
          "ratelimit-remaining": "0",
          "ratelimit-reset": String(Math.floor(Date.now() / 1000) + retryAfterSeconds),
          ...(sendRetryAfter ? { "retry-after": String(retryAfterSeconds) } : {}),
        },
        body: { id: "too_many_requests", message: "API Rate limit exceeded." },
      }),
    failNext: ({ status = 500, times = 1, match } = {}) =>
      server.inject({ status, times, match, body: { id: status === 503 ? "service_unavailable" : "server_error", message: "Server was unable to give you a response." } }),
  };
}
