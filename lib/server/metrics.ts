import "server-only";
// Prometheus metrics of this process (prom-client). One registry per process, on globalThis like the database and
// the logger (Next's bundles would otherwise each get their own). Several instances each expose their own; Prometheus
// adds them up. On the hot path a count is one counter inc or histogram observe on a child bound once at start.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { INGEST_ROUTES, type IngestOutcome, type IngestRoute } from "@/lib/core/ingest-outcome";

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const ingestRequests = new Counter({
    name: "fleetprint_ingest_requests_total",
    help: "Agent requests (checkin, fingerprints, contents) by outcome: stored, unchanged, report-needed, rejected, refused-busy, error",
    labelNames: ["route", "outcome"] as const,
    registers,
  });
  const ingestSeconds = new Histogram({
    name: "fleetprint_ingest_duration_seconds",
    help: "Time to answer an agent request (enroll, checkin, fingerprints, contents), from its body read to its answer",
    labelNames: ["route"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const reportBytes = new Histogram({
    name: "fleetprint_report_bytes",
    help: "Size of report bodies as received (POST /api/v1/fingerprints; gzip when the agent sent gzip)",
    buckets: [1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216],
    registers,
  });
  const enrollments = new Counter({ name: "fleetprint_enrollments_total", help: "Enrolment requests by outcome: stored (a host key was issued), rejected, refused-busy, error", labelNames: ["outcome"] as const, registers });
  const jobOutcomes = new Counter({
    name: "fleetprint_rebuild_job_outcomes_total",
    help: "Rebuild provider calls by provider kind and outcome: succeeded, waiting-callback, retrying, failed, interrupted",
    labelNames: ["provider", "outcome"] as const,
    registers,
  });
  const alertDeliveries = new Counter({ name: "fleetprint_alert_deliveries_total", help: "Alert delivery attempts by outcome: delivered, retrying, failed", labelNames: ["outcome"] as const, registers });
  const jobs = new Gauge({ name: "fleetprint_rebuild_jobs", help: "Rebuild jobs in the queue by status (queued, running), measured at scrape time", labelNames: ["status"] as const, registers });
  const fleet = (name: string, help: string) => new Gauge({ name: `fleetprint_fleet_${name}`, help, labelNames: ["fleet", "strategy"] as const, registers });
  const fleets = {
    hosts: fleet("hosts", "Hosts enrolled in the fleet"),
    reporting: fleet("reporting", "Hosts that have reported a fingerprint"),
    conforming: fleet("conforming", "Hosts with no drift against the fleet's current spec (absent while the fleet has no spec)"),
    snowflakes: fleet("snowflakes", "Hosts flagged as snowflakes against their cohort"),
    not_reporting: fleet("not_reporting", "Hosts not seen for longer than the fleet's reporting interval"),
  };
  const databaseUp = new Gauge({ name: "fleetprint_scrape_database_up", help: "1 when this scrape read the fleet and job numbers from the database, 0 when that failed", registers });
  const byRoute = Object.fromEntries(INGEST_ROUTES.map((r) => [r, ingestSeconds.labels(r)])) as Record<IngestRoute, ReturnType<typeof ingestSeconds.labels>>;
  return { registry, ingestRequests, ingestSeconds: byRoute, reportBytes, enrollments, jobOutcomes, alertDeliveries, jobs, fleets, databaseUp };
}

export type Metrics = ReturnType<typeof createMetrics>;

const g = globalThis as unknown as { __fleetprintMetrics?: Metrics };
export function metrics(): Metrics {
  return (g.__fleetprintMetrics ??= createMetrics());
}

/** One agent request answered: its outcome, its time, and a report's size. */
export function countIngest(route: IngestRoute, outcome: IngestOutcome, seconds: number, bodyBytes: number) {
  const m = metrics();
  m.ingestSeconds[route].observe(seconds);
  if (route === "enroll") m.enrollments.inc({ outcome });
  else m.ingestRequests.inc({ route, outcome });
  if (route === "fingerprints") m.reportBytes.observe(bodyBytes);
}
