import "server-only";
// One log line per request, written by the production front door (scripts/server.mjs), which sees every request
// with its final status and duration. The request id is accepted from X-Request-Id when sane (lib/core/request-id)
// or generated, handed to the app in the same header and echoed on the answer. Who asked is noted by whoever learns
// it (lib/server/auth.ts for people, the machine routes for hosts) on the request's context.
//
// Agents' requests (enroll, check-in, report, contents) are logged at debug: 10,000 hosts checking in within a
// minute would otherwise write 10,000 lines a minute that say "unchanged". At info a summary line per minute counts
// them by route and outcome (from the metrics' own counters, so the hot path pays nothing more); failures (5xx) are
// logged at error whatever the route.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { acceptedRequestId } from "@/lib/core/request-id";
import { log } from "./log";
import { metrics } from "./metrics";
import { routeOf } from "./request-route";

export const REQUEST_ID_HEADER = "x-request-id";

export interface RequestContext {
  id: string;
  /** The user id, or "host:<id>" for an agent, once known. */
  actor: string | undefined;
}

const g = globalThis as unknown as { __fleetprintRequestContext?: AsyncLocalStorage<RequestContext>; __fleetprintIngestSummary?: NodeJS.Timeout };
const contexts = (g.__fleetprintRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** The id of the request being handled, for a log line written inside it (undefined outside one). */
export function currentRequestId(): string | undefined {
  return contexts.getStore()?.id;
}

/** Records who is asking on the current request's context (no-op outside one: tests, the worker). */
export function noteActor(actor: string) {
  const c = contexts.getStore();
  if (c) c.actor = actor;
}

/**
 * Starts one request: its id on the request and on the answer, and a log line once the answer is sent (or the
 * client went away). `run` handles the request inside its context; agents' requests carry theirs explicitly.
 */
export function traceRequest(req: IncomingMessage, res: ServerResponse, machine: boolean, run: (ctx: RequestContext) => void) {
  const t0 = performance.now();
  const id = acceptedRequestId(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  const ctx: RequestContext = { id, actor: undefined };
  res.once("close", () => logRequest(req, res, ctx, machine, performance.now() - t0));
  if (machine) {
    startIngestSummary();
    run(ctx);
  } else contexts.run(ctx, run, ctx);
}

function logRequest(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, machine: boolean, ms: number) {
  const status = res.statusCode;
  const level = status >= 500 ? "error" : machine ? "debug" : "info";
  if (!log.isLevelEnabled(level)) return;
  const path = (req.url ?? "").split("?")[0];
  log[level](
    { reqId: ctx.id, method: req.method, route: routeOf(path), status, ms: Math.round(ms * 10) / 10, actor: ctx.actor, ...(res.writableFinished ? {} : { aborted: true }) },
    "request",
  );
}

const SUMMARY_MS = 60_000;

/** At most one line a minute, and none in a minute without agent traffic. */
function startIngestSummary() {
  if (g.__fleetprintIngestSummary) return;
  let last = new Map<string, number>();
  g.__fleetprintIngestSummary = setInterval(async () => {
    if (!log.isLevelEnabled("info")) return;
    const m = metrics();
    const now = new Map<string, number>();
    for (const c of [m.ingestRequests, m.enrollments]) {
      for (const v of (await c.get()).values) now.set(`${(v.labels as { route?: string }).route ?? "enroll"} ${v.labels.outcome}`, v.value);
    }
    const counts: Record<string, number> = {};
    for (const [k, v] of now) if (v - (last.get(k) ?? 0) > 0) counts[k] = v - (last.get(k) ?? 0);
    last = now;
    if (Object.keys(counts).length) log.info({ perMinute: counts }, "agent requests in the last minute (route outcome: count; each at debug)");
  }, SUMMARY_MS);
  g.__fleetprintIngestSummary.unref();
}
