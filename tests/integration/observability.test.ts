// Operate (README): health, readiness, metrics and the request log over real HTTP, on both databases.
import fs from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { signIn } from "@/scripts/auth-http";
import { METRICS_TOKEN } from "./global-setup";
import { api, asAgent, uniqueName } from "./support/api";
import { findSecrets } from "./support/log-secrets";
import { PASSWORD } from "./support/people";
import { host, report } from "./support/reports";

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** The server's JSON log lines so far, once the line of the request marked `reqId` is among them. */
async function logLinesThrough(logFile: string, url: string, reqId: string): Promise<Record<string, unknown>[]> {
  expect((await fetch(`${url}/api/healthz`, { headers: { "x-request-id": reqId } })).status).toBe(200);
  // The line is written when the answer is sent, and reaches the file through a pipe: wait for it (lines arrive in order).
  const deadline = Date.now() + 15_000;
  for (;;) {
    const lines = fs
      .readFileSync(logFile, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (lines.some((l) => l.reqId === reqId)) return lines;
    if (Date.now() > deadline) throw new Error(`no log line for ${reqId} in ${logFile}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(inject("servers"))("operate on $kind", ({ url, people, metricsUrl, logFile }) => {
  const a = api(url);
  const scrape = async (token: string | null = METRICS_TOKEN, at = `${url}/metrics`) => {
    const r = await fetch(at, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
  };

  it("answers /api/healthz and /api/readyz with up, and nothing more, without credentials", async () => {
    for (const path of ["/api/healthz", "/api/readyz"]) {
      const r = await fetch(url + path);
      expect(r.status, path).toBe(200);
      expect(await r.text(), path).toBe('{"status":"ok"}');
      expect(r.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("serves /metrics only with its own token", async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape("wrong-token-0123456789")).status).toBe(401);
    expect((await scrape(people.admin.token)).status).toBe(401); // a person's API token is not the metrics token
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(ok.text).toContain("# TYPE fleetprint_ingest_requests_total counter");
    expect(ok.text).toContain("# TYPE fleetprint_ingest_duration_seconds histogram");
    expect(ok.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(sample(ok.text, "fleetprint_scrape_database_up")).toBe(1);
    // The same on the metrics port.
    expect((await scrape(null, metricsUrl)).status).toBe(401);
    const port = await scrape(METRICS_TOKEN, metricsUrl);
    expect(port.status).toBe(200);
    expect(port.text).toContain("fleetprint_rebuild_jobs{status=\"queued\"}");
  });

  it("counts enrolments, reports and check-ins by outcome, and the fleet's hosts at scrape time", async () => {
    const fleet = uniqueName("obs");
    const before = (await scrape()).text;
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    const enrolled = await asAgent(() => a.call("POST", "/api/v1/enroll", { secret, hostname: "obs-1" }, { token: null }));
    expect(enrolled.status).toBe(201);
    const digest = "d".repeat(64);
    const hostKey = enrolled.json.hostKey as string;
    const sent = await asAgent(() => a.call("POST", "/api/v1/fingerprints", report(host("obs-1")), { token: hostKey, headers: { "x-fleetprint-digest": digest } }));
    expect(sent.status).toBe(202);
    const checked = await asAgent(() => a.call("POST", "/api/v1/checkin", { digest }, { token: hostKey }));
    expect(checked.json.status).toBe("unchanged");
    const refused = await asAgent(() => a.call("POST", "/api/v1/checkin", { digest }, { token: "fph_not-a-key-0123456789abcdef" }));
    expect(refused.status).toBe(401);
    const after = (await scrape()).text;
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('fleetprint_enrollments_total{outcome="stored"}')).toBe(1);
    expect(moved('fleetprint_ingest_requests_total{route="fingerprints",outcome="stored"}')).toBe(1);
    expect(moved('fleetprint_ingest_requests_total{route="checkin",outcome="unchanged"}')).toBe(1);
    expect(moved('fleetprint_ingest_requests_total{route="checkin",outcome="rejected"}')).toBe(1);
    // Every request sent is timed and counted, the busy refusals of a loaded machine included.
    expect(moved('fleetprint_ingest_duration_seconds_count{route="checkin"}')).toBe(checked.sent + refused.sent);
    expect(moved("fleetprint_report_bytes_count")).toBe(sent.sent);
    expect(moved('fleetprint_ingest_requests_total{route="fingerprints",outcome="refused-busy"}')).toBe(sent.sent - 1);
    expect(sample(after, `fleetprint_fleet_hosts{fleet="${fleet}",strategy="mutable"}`)).toBe(1);
    expect(sample(after, `fleetprint_fleet_reporting{fleet="${fleet}",strategy="mutable"}`)).toBe(1);
    expect(sample(after, `fleetprint_fleet_not_reporting{fleet="${fleet}",strategy="mutable"}`)).toBe(0);
  });

  it("echoes a sane X-Request-Id and replaces any other", async () => {
    const mine = `it-${uniqueName("req")}`;
    const echoed = async (path: string, id?: string, init: RequestInit = {}) =>
      (await fetch(url + path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(id === undefined ? {} : { "x-request-id": id }) } })).headers.get("x-request-id");
    expect(await echoed("/api/healthz", mine)).toBe(mine);
    expect(await echoed("/api/v1/checkin", mine, { method: "POST", body: "{}" })).toBe(mine);
    expect(await echoed("/sign-in", mine)).toBe(mine);
    for (const bad of ["has space", "x".repeat(129), undefined]) {
      expect(await echoed("/api/healthz", bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it("logs one JSON line per request with its id, route, status, duration and who asked, and never a secret", async () => {
    const fleet = uniqueName("obslog");
    const id = (what: string) => `${fleet}-${what}`;
    const call = (method: string, path: string, what: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) =>
      a.call(method, path, body, { token, headers: { "x-request-id": id(what), ...headers } });
    expect((await call("POST", "/api/v1/fleets", "create", people.admin.token, { name: fleet, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`, "secret", people.admin.token)).json;
    const enrolled = await asAgent(() => call("POST", "/api/v1/enroll", "enroll", null, { secret, hostname: "log-1" }));
    const hostKey = enrolled.json.hostKey as string;
    expect((await asAgent(() => call("POST", "/api/v1/fingerprints", "report", hostKey, report(host("log-1"))))).status).toBe(202);
    expect((await call("GET", `/api/v1/hosts/log-1?fleet=${fleet}`, "host", people.viewer.token)).status).toBe(200);
    const cookie = await signIn(url, people.viewer.email, PASSWORD);
    // A page streams (its loading state first): its line is written when the response ends, so read it to the end.
    const page = await fetch(`${url}/fleets/${fleet}`, { headers: { cookie, "x-request-id": id("page") } });
    await page.text();
    expect(page.status).toBe(200);

    const lines = await logLinesThrough(logFile, url, id("marker"));
    // The last line of each id: an agent's request refused busy was sent again under the same id.
    const line = (what: string) => lines.findLast((l) => l.reqId === id(what));
    expect(line("create")).toMatchObject({ level: 30, msg: "request", method: "POST", route: "/api/v1/fleets", status: 201, actor: people.admin.id });
    expect(line("host")).toMatchObject({ method: "GET", route: "/api/v1/hosts/{hostname}", status: 200, actor: people.viewer.id });
    expect(line("page")).toMatchObject({ method: "GET", route: `/fleets/${fleet}`, status: 200, actor: people.viewer.id });
    expect(typeof line("create")?.ms).toBe("number");
    // Agents' requests at debug (LOG_LEVEL=debug here), with the host as the actor.
    expect(line("enroll")).toMatchObject({ level: 20, route: "/api/v1/enroll", status: 201, actor: `host:${enrolled.json.hostId}` });
    expect(line("report")).toMatchObject({ level: 20, route: "/api/v1/fingerprints", status: 202, actor: `host:${enrolled.json.hostId}` });

    const text = fs.readFileSync(logFile, "utf8");
    expect(findSecrets(text, { "the enroll secret": secret, "the host key": hostKey, "the session cookie": cookie.split("=")[1], "an API token": people.viewer.token, "the metrics token": METRICS_TOKEN, "the password": PASSWORD })).toEqual([]);
  });
});
