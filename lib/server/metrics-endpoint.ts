import "server-only";
// GET /metrics, for Next's route (app/metrics/route.ts) and for the separate listener scripts/server.mjs opens on
// FLEETPRINT_METRICS_PORT. On the app's port it exists only with FLEETPRINT_METRICS_TOKEN (404 otherwise: fleet
// names and sizes are not for anyone who can reach the dashboard's sign-in page); on the metrics port the token is
// asked for when it is set, and that port is otherwise for the operator to firewall.
import { getDb } from "@/db/client";
import { readFleetGauges } from "@/lib/services/read-fleet-gauges";
import { log } from "./log";
import { metrics, type Metrics } from "./metrics";
import { sameSecret } from "./secrets";

export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const NO_STORE = { "cache-control": "no-store" };
const json = (status: number, code: string, message: string, headers: Record<string, string> = {}): PlainAnswer => ({
  status,
  headers: { "content-type": "application/json", ...NO_STORE, ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

export async function answerMetrics(authorization: string | null, where: "app" | "metrics-port"): Promise<PlainAnswer> {
  const token = process.env.FLEETPRINT_METRICS_TOKEN?.trim();
  if (!token && where === "app") return json(404, "not_found", "Metrics are off on this port: set FLEETPRINT_METRICS_TOKEN (scrape with it as a bearer token) or FLEETPRINT_METRICS_PORT.");
  if (token) {
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!sent || !sameSecret(sent, token)) return json(401, "unauthorized", "Send FLEETPRINT_METRICS_TOKEN as Authorization: Bearer <token> (Prometheus: authorization.credentials).", { "www-authenticate": 'Bearer realm="metrics"' });
  }
  const m = metrics();
  await refreshGauges(m);
  return { status: 200, headers: { "content-type": m.registry.contentType, ...NO_STORE }, body: await m.registry.metrics() };
}

// Scrapes at the same moment (two Prometheus servers, a retry) share one read.
const g = globalThis as unknown as { __fleetprintGaugeRead?: Promise<void> };

function refreshGauges(m: Metrics): Promise<void> {
  g.__fleetprintGaugeRead ??= readInto(m).finally(() => (g.__fleetprintGaugeRead = undefined));
  return g.__fleetprintGaugeRead;
}

async function readInto(m: Metrics) {
  try {
    const { fleets, queue } = await readFleetGauges(await getDb());
    // Reset first, so a deleted fleet's series disappear instead of keeping their last values.
    for (const gauge of Object.values(m.fleets)) gauge.reset();
    for (const f of fleets) {
      const labels = { fleet: f.fleet, strategy: f.strategy };
      m.fleets.hosts.set(labels, f.hosts);
      m.fleets.reporting.set(labels, f.reporting);
      if (f.conforming !== null) m.fleets.conforming.set(labels, f.conforming);
      m.fleets.snowflakes.set(labels, f.snowflakes);
      m.fleets.not_reporting.set(labels, f.notReporting);
    }
    m.jobs.set({ status: "queued" }, queue.queued);
    m.jobs.set({ status: "running" }, queue.running);
    m.databaseUp.set(1);
  } catch (e) {
    log.warn({ err: e }, "metrics: could not read the fleet and job numbers");
    m.databaseUp.set(0);
  }
}
