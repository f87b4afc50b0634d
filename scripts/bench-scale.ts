// `npm run bench:scale` (and the last two parts of `npm run bench`, without and with `--spec`): a fleet of N Debian 12 servers against the real
// production server (scripts/server.mjs, or `next start`), each figure printed beside the floor measured in the same run: JSON.parse + sha256 of the same
// report bodies on one core (DESIGN.md). Phases: enroll, the herd (every host's first run as the agent makes it: a
// check-in with its digests, the full report when the content is new; a GET loop on /api/v1/fleets beside it),
// unchanged check-ins (POST /api/v1/checkin with the digest), unchanged full reports
// (the old agent path), pages warm and right after a restart, server memory, storage. Needs `npm run build`.
//
// Parameters (flag or env; flags win):
//   --hosts N           BENCH_SCALE_HOSTS        hosts (default 10000)
//   --distinct F        BENCH_SCALE_DISTINCT     share of hosts with a config file of their own (default 0.5)
//   --concurrency C     BENCH_SCALE_CONCURRENCY  requests in flight (default 16)
//   --pg URL            BENCH_DATABASE_URL       PostgreSQL on 127.0.0.1: a fresh database per run, dropped at the end
//   --instances K       BENCH_SCALE_INSTANCES    app processes on one PostgreSQL, ports PORT..PORT+K-1 (default 1)
//   --port P            BENCH_SCALE_PORT         first port (default 3297)
//   --phase-timeout S   BENCH_SCALE_PHASE_TIMEOUT_S  a phase gives up after S seconds and says so (default 900)
//   --spec              BENCH_SCALE_SPEC=1       the fleet has a spec (captured from its first host before the herd),
//                                                so every new fingerprint's drift is computed too
//                       BENCH_SCALE_SERVER=next  serve with `next start` even where scripts/server.mjs exists
//                       BENCH_SCALE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"  node flags for the server (a CPU profile per run)
//                       BENCH_SCALE_SERVER_LOG=FILE  appends the servers' log lines to FILE (LOG_LEVEL=debug for more)
// The machine is shared and small: the setup line prints the load average, read every figure against it.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createToken, signIn } from "./auth-http";
import { buildScaleFleet, measureFloor } from "./bench-scale-fleet";
import { closeClient, median, percentile, request, runPhase, sleep, startPoller, type Answer, type PhaseOptions, type PhaseStats } from "./bench-scale-client";
import { pgliteTableSizes, storageSplit, type TableSizes } from "./bench-scale-storage";
import { SERVER_SCRIPT, cpuMs, benchServerArgs, createBenchDatabase, duBytes, memoryMiB, startServer, stopServer, type BenchDatabase, type Server } from "./bench-scale-server";

const arg = (flag: string, env: string, dflt: string) => {
  const i = process.argv.indexOf(flag);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : process.env[env] || dflt;
};
const N = Number(arg("--hosts", "BENCH_SCALE_HOSTS", "10000"));
const DISTINCT = Number(arg("--distinct", "BENCH_SCALE_DISTINCT", "0.5"));
const C = Number(arg("--concurrency", "BENCH_SCALE_CONCURRENCY", "16"));
const PG = arg("--pg", "BENCH_DATABASE_URL", "");
const INSTANCES = Number(arg("--instances", "BENCH_SCALE_INSTANCES", "1"));
const PORT = Number(arg("--port", "BENCH_SCALE_PORT", "3297"));
const SPEC = process.argv.includes("--spec") || process.env.BENCH_SCALE_SPEC === "1";
const PHASE: PhaseOptions = { concurrency: C, deadlineMs: Number(arg("--phase-timeout", "BENCH_SCALE_PHASE_TIMEOUT_S", "900")) * 1000, retryCapMs: 10_000, maxAttempts: 30 };
// The demo seeds this account (lib/demo/seed-users.ts) with the password the bench gives its servers; not
// imported, so the bench runs while the app's own modules are being changed.
const ADMIN = { email: "admin@demo.fleetprint", password: process.env.FLEETPRINT_DEMO_PASSWORD || "bench-demo-password" };
const FLEET = "bench-scale";

const rows: [string, string, string][] = [];
const say = (what: string, figure: string, floor = "") => {
  console.log(`${what}: ${figure}${floor ? `  [floor ${floor}]` : ""}`);
  rows.push([what, figure, floor]);
};
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "n/a");
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("run `npm run build` first");
  if (!(N >= 1 && Number.isInteger(N) && C >= 1 && DISTINCT >= 0 && DISTINCT <= 1 && INSTANCES >= 1)) {
    throw new Error(`bad parameters: --hosts ${N} --concurrency ${C} --distinct ${DISTINCT} --instances ${INSTANCES}`);
  }
  if (INSTANCES > 1 && !PG) throw new Error("--instances needs --pg: PGlite serves one process per data folder");
  const dbKind = PG ? "PostgreSQL" : "PGlite";
  const fleet = buildScaleFleet(N, DISTINCT);
  const sample = fleet.body(0);
  const load = os.loadavg()[0].toFixed(1);
  console.log(`bench-scale: ${dbKind}${SPEC ? ", fleet with a spec" : ""}, ${INSTANCES} instance(s), N=${N} hosts, ${f0(DISTINCT * 100)}% distinct (${fleet.distinctFingerprints} distinct fingerprints), concurrency ${C}, ${os.cpus().length} cores, load average ${load}, server: node ${[...benchServerArgs({ ...process.env, DATABASE_URL: PG }), ...SERVER_SCRIPT].join(" ")}`);
  say("report body", `${fleet.packages} packages, ${fleet.configs} configs, ${f0(sample.length / 1024)} KiB (gzip ${f0(gzipSync(sample).length / 1024)} KiB)`);
  const floor = measureFloor(fleet, N);
  for (let i = 0; i < N; i++) fleet.contentDigest(i); // before the clock runs: the agent computes its own
  say("floor (JSON.parse + sha256, one core)", `${f0(floor.perSec)} reports/s (${f2(floor.msPer)} ms/report)`);
  const floorCol = `${f0(floor.perSec)}/s`;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fp-bench-scale-"));
  let db: BenchDatabase | null = null;
  const servers: Server[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    closeClient();
    // A server that died says why in its last lines (an out-of-memory abort, an unhandled error).
    for (const s of servers) {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) console.error(`server :${s.port} exited (${s.proc.exitCode ?? s.proc.signalCode}); its last lines:\n${s.log.join("\n")}`);
    }
    for (const s of servers) await stopServer(s).catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
    if (db) await db.drop().catch((e: Error) => console.error(`could not drop ${db?.name}: ${e.message}`));
  };
  // Ctrl-C must not leave servers listening, a temp folder or a database behind.
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void cleanup().finally(() => process.exit(130)));
  try {
    db = PG ? await createBenchDatabase(PG) : null;
    const authSecret = randomBytes(32).toString("base64url"); // shared, so a session signed by one is valid on all
    const envFor = (k: number): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = { ...process.env, FLEETPRINT_DATA_DIR: path.join(tmp, `data-${k}`), DATABASE_URL: db?.url ?? "" };
      Object.assign(env, { BETTER_AUTH_SECRET: authSecret, PORT: String(PORT + k), FLEETPRINT_DEMO: k === 0 ? "1" : "0", FLEETPRINT_DEMO_PASSWORD: ADMIN.password });
      delete env.FLEETPRINT_URL; // the app must take 127.0.0.1 as its origin
      return env;
    };
    // One after the other: both would seed the demo into an empty database.
    for (let k = 0; k < INSTANCES; k++) {
      const t0 = performance.now();
      servers.push(await startServer(PORT + k, envFor(k)));
      say(`server ${k + 1} start${k === 0 ? " (migrate + demo seed)" : ""}`, `${f1((performance.now() - t0) / 1000)} s`);
    }
    PHASE.alive = () => servers.every((s) => s.proc.exitCode === null && s.proc.signalCode === null);
    // Pairs of hosts per instance: host parity decides distinctness (bench-scale-fleet), so i % 2 would send every
    // new content to one instance.
    // Per-table sizes before the bench fleet exists (PGlite's are read with its server stopped: one extra restart).
    const dataDir0 = path.join(tmp, "data-0");
    let tables0: TableSizes;
    if (db) tables0 = await db.tableSizes();
    else {
      await stopServer(servers[0]);
      tables0 = await pgliteTableSizes(dataDir0);
      servers[0] = await startServer(PORT, envFor(0));
    }
    const base = servers[0].base;
    const at = (i: number) => servers[(i >> 1) % servers.length].base;
    const cookie = await signIn(base, ADMIN.email, ADMIN.password);
    const token = (await createToken(base, cookie, "bench-scale")).token;
    const admin = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const post = async (p: string, body: unknown) => {
      const a = await request(base + p, { method: "POST", headers: admin, body: JSON.stringify(body) });
      if (a.status >= 300) throw new Error(`${p}: ${a.status} ${a.text}`);
      return JSON.parse(a.text) as Record<string, unknown>;
    };
    await post("/api/v1/fleets", { name: FLEET, strategy: "mutable" });
    const secret = String((await post(`/api/v1/fleets/${FLEET}/enroll-secrets`, {})).secret);
    // PGlite: the data folder without its WAL, a ring of fixed size (db/client.ts) that is not per-host cost.
    const walDir = path.join(tmp, "data-0", "pgdata", "pg_wal"); // PGlite keeps PGDATA in <data dir>/pgdata
    const dataBytes = () => duBytes(path.join(tmp, "data-0")) - (fs.existsSync(walDir) ? duBytes(walDir) : 0);
    const storage0 = db ? await db.sizeBytes() : dataBytes();

    const cpuNow = () => servers.map((s) => cpuMs(s.pid));
    const measured = async (label: string, run: () => Promise<PhaseStats>) => {
      const c0 = cpuNow();
      const u0 = process.cpuUsage();
      const st = await run();
      const cpu = cpuNow().map((c, k) => c - c0[k]);
      const u = process.cpuUsage(u0);
      const perReq = cpu.reduce((a, b) => a + b, 0) / Math.max(1, st.ok);
      const bp = [...st.statuses].filter(([s]) => s === 503 || s === 429).map(([s, n]) => `${n}×${s}`).join(", ") || "none";
      console.log(
        `  ${label}: ${st.ok}/${st.count} ok in ${f1(st.seconds)} s${st.gaveUp ? " — GAVE UP at the phase timeout" : ""}; ` +
          `statuses ${[...st.statuses].map(([s, n]) => `${s}:${n}`).join(" ")}; back-pressure ${bp}, ${st.retries} retries; ` +
          `server CPU ${cpu.map((c) => f0(c)).join(" + ")} ms; bench client CPU ${f2((u.user + u.system) / 1000 / Math.max(1, st.count))} ms/request`,
      );
      for (const s of st.samples) console.log(`    failed: ${s}`);
      if (st.gaveUp && !PHASE.alive?.()) throw new Error(`a server died during ${label}:\n${servers.map((s) => s.log.join("\n")).join("\n")}`);
      const note = st.gaveUp ? ` — GAVE UP at the ${PHASE.deadlineMs / 1000} s phase timeout with ${st.ok} of ${st.count} done` : st.failed ? ` — ${st.failed} failed` : "";
      return { st, note, perReq, rate: st.ok / st.seconds, bp: `${st.backPressure} (${bp}), ${st.retries} retries` };
    };

    const keys: string[] = new Array(N);
    const enroll = await measured("enroll", () =>
      runPhase("enroll", N, PHASE, (i) =>
        request(at(i) + "/api/v1/enroll", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ secret, hostname: fleet.hostname(i), machineId: fleet.machineId(i) }),
        }),
        (a, i) => Boolean((keys[i] = String((JSON.parse(a.text) as { hostKey?: string }).hostKey ?? ""))),
      ),
    );
    say(`enroll (C=${C})`, `${f0(enroll.rate)} enrolls/s, p50 ${f0(median(enroll.st.latencies))} ms, p99 ${f0(percentile(enroll.st.latencies, 0.99))} ms${enroll.note}`);

    const noKey = (): Answer => ({ status: 0, headers: {}, text: "not enrolled", ms: 0 });
    // A full report as the agent sends it: both digests, so the server can answer other hosts with this content.
    const report = (i: number, withContent = true) =>
      keys[i]
        ? request(at(i) + "/api/v1/fingerprints", {
            method: "POST",
            headers: {
              authorization: `Bearer ${keys[i]}`,
              "content-type": "application/json",
              "x-fleetprint-digest": floor.digests[i],
              ...(withContent ? { "x-fleetprint-content-digest": fleet.contentDigest(i) } : {}),
            },
            body: fleet.body(i),
          })
        : Promise.resolve(noKey());
    const checkin = (i: number) =>
      request(at(i) + "/api/v1/checkin", {
        method: "POST",
        headers: { authorization: `Bearer ${keys[i]}`, "content-type": "application/json" },
        body: JSON.stringify({ digest: floor.digests[i], content: fleet.contentDigest(i), machineId: fleet.machineId(i) }),
      });
    const statusOf = (a: Answer) => (a.status === 200 ? (JSON.parse(a.text) as { status?: string }).status : undefined);
    // The herd as the agent (1.x) makes it: a check-in with the report's digests first, the body only when the
    // server does not know the content yet. `bodies` counts the reports that had to be sent.
    let bodies = 0;
    const agentRun = async (i: number): Promise<Answer> => {
      if (!keys[i]) return noKey();
      const c = await checkin(i);
      if (c.status !== 200 || statusOf(c) !== "report-needed") return c; // accepted, or back-pressure (retried)
      const r = await report(i);
      if (r.status === 202) bodies++;
      return r;
    };
    if (SPEC) {
      // The golden host: its report first, then the spec captured from it (pins every package and config file).
      const first = await report(0);
      if (first.status !== 202) throw new Error(`report of ${fleet.hostname(0)} for the spec: ${first.status} ${first.text}`);
      const spec = await post(`/api/v1/fleets/${FLEET}/spec/capture`, { hostname: fleet.hostname(0) });
      say("spec", `version ${String(spec.version)}, captured from ${fleet.hostname(0)} before the herd`);
    }
    const getFleets = () => request(base + "/api/v1/fleets", { headers: admin }, 60_000);
    const poller = startPoller(getFleets, 250);
    const herd = await measured("first reports", () => runPhase("herd", N, PHASE, agentRun));
    const during = await poller.stop();
    const xFloor = (perReq: number) => {
      const x = perReq / floor.msPer;
      return `${x < 1 ? f2(x) : x < 10 ? f1(x) : f0(x)}× floor`;
    };
    say(
      `first reports, the herd as the agent sends it (C=${C})`,
      `${f0(herd.rate)} hosts/s, p50 ${f0(median(herd.st.latencies))} ms, p99 ${f0(percentile(herd.st.latencies, 0.99))} ms, ` +
        `${f1(herd.st.seconds)} s total; ${bodies} full reports (new content), ${herd.st.ok - Math.min(bodies, herd.st.ok)} hosts accepted from their check-in; ` +
        `server CPU ${f2(herd.perReq)} ms/host (${xFloor(herd.perReq)}; includes the GETs below)${herd.note}`,
      floorCol,
    );
    say("back-pressure during the herd (503/429 answers)", herd.bp);
    say("GET /api/v1/fleets every 250 ms during the herd", `p50 ${f0(median(during.latencies))} ms, max ${f0(Math.max(...during.latencies))} ms (${during.latencies.length} GETs)`);
    for (const f of during.failures) console.log(`    GET failed: ${f}`);

    // Nothing lost: every accepted report shows as reporting, once the (possibly deferred) analysis has caught up.
    const tCatch = performance.now();
    let reporting = -1;
    while (performance.now() - tCatch < 60_000) {
      const a = await getFleets();
      const list = a.status === 200 ? (JSON.parse(a.text) as { fleets: { name: string; reporting: number }[] }).fleets : [];
      reporting = list.find((x) => x.name === FLEET)?.reporting ?? -1;
      if (reporting === herd.st.ok) break;
      await sleep(500);
    }
    const caught = reporting === herd.st.ok;
    say("reporting after the herd", `${reporting} of ${herd.st.ok} accepted, ${caught ? `caught up in ${f1((performance.now() - tCatch) / 1000)} s` : "NOT caught up after 60 s"}`);

    const accepted = [...herd.st.accepted.keys()].filter((i) => herd.st.accepted[i]);
    const probe = accepted.length ? await checkin(accepted[0]) : null;
    if (!probe || probe.status === 404) {
      say("unchanged check-ins", "n/a (no /api/v1/checkin)");
    } else {
      const unchanged = (a: Answer) => statusOf(a) === "unchanged";
      const ci = await measured("unchanged check-ins", () => runPhase("checkin", accepted.length, PHASE, (j) => checkin(accepted[j]), unchanged));
      say(`unchanged check-ins (C=${C})`, `${f0(ci.rate)} check-ins/s, p50 ${f1(median(ci.st.latencies))} ms, p99 ${f1(percentile(ci.st.latencies, 0.99))} ms, server CPU ${f2(ci.perReq)} ms/check-in (${xFloor(ci.perReq)})${ci.note}`, floorCol);
      say("back-pressure during check-ins", ci.bp);
    }
    // An agent of before the check-in (or --no-checkin): the whole body every time, the server parses and hashes it.
    const again = await measured("unchanged full reports", () => runPhase("again", accepted.length, PHASE, (j) => report(accepted[j], false)));
    say(`unchanged full reports (C=${C})`, `${f0(again.rate)} reports/s, p50 ${f0(median(again.st.latencies))} ms, p99 ${f0(percentile(again.st.latencies, 0.99))} ms, server CPU ${f2(again.perReq)} ms/report (${xFloor(again.perReq)})${again.note}`, floorCol);
    say("back-pressure during unchanged full reports", again.bp);

    // Pages as a signed-in browser sees them (the HTML ones) and as a script does (the API).
    const pages: [string, string][] = [["/", "overview"], [`/fleets/${FLEET}`, "fleet page"], [`/api/v1/hosts?fleet=${FLEET}&limit=100`, "hosts API, limit 100"]];
    const get = (p: string) => request(servers[0].base + p, { headers: { ...admin, cookie } });
    const describe = (p: string, a: Answer) => {
      if (a.status !== 200) return ` — answered ${a.status}`;
      if (!p.startsWith("/api/")) return `, ${f0(a.text.length / 1024)} KiB`;
      const j = JSON.parse(a.text) as { count?: number; total?: number; hosts?: unknown[]; nextCursor?: unknown };
      const paged = j.total !== undefined ? `total ${j.total}, ${j.nextCursor ? "has" : "no"} next cursor` : `no paging: count ${j.count ?? j.hosts?.length}`;
      return `, ${f0(a.text.length / 1024)} KiB, ${j.hosts?.length ?? 0} hosts, ${paged}`;
    };
    for (const [p, what] of pages) {
      await get(p); // warm
      const runs: Answer[] = [];
      for (let k = 0; k < 5; k++) runs.push(await get(p));
      say(`GET ${p} (${what}), warm median of 5`, `${f0(median(runs.map((r) => r.ms)))} ms${describe(p, runs[runs.length - 1])}`);
    }
    for (const s of servers) {
      const m = memoryMiB(s.pid);
      say(`server :${s.port} memory after the reads`, `RSS ${f0(m.rss)} MiB, peak ${f0(m.hwm)} MiB`);
    }

    // Restart on the same data: the first request of each page pays for cold caches and lazy route loading.
    for (const s of servers.splice(0)) await stopServer(s);
    const t0 = performance.now();
    servers.push(await startServer(PORT, envFor(0)));
    say("server restart on the same data", `${f1((performance.now() - t0) / 1000)} s`);
    for (const [p, what] of pages) {
      const a = await get(p);
      say(`GET ${p} (${what}), first after restart`, `${f0(a.ms)} ms${a.status === 200 ? "" : ` — answered ${a.status}`}`);
    }
    await stopServer(servers[0]);
    const bytes = db ? await db.sizeBytes() : dataBytes();
    const where = db ? `largest: ${await db.largestTables(5)}` : fs.existsSync(walDir) ? `plus the WAL ring, ${f1(duBytes(walDir) / 2 ** 20)} MiB` : "";
    const grown = bytes - storage0;
    const split = storageSplit(tables0, db ? await db.tableSizes() : await pgliteTableSizes(dataDir0), N, fleet.distinctFingerprints);
    say(
      "storage by table (hosts + host_history per host; fingerprints, items and the fleet's analysis per distinct fingerprint)",
      `${f2(split.perHost / 1024)} KiB per host, ${f1(split.perDistinct / 1024)} KiB per distinct fingerprint, other tables +${f1(split.other / 2 ** 20)} MiB`,
    );
    say(
      `storage (${db ? "pg_database_size" : "du -sb of the PGlite data folder without pg_wal, after a restart"})`,
      `${f1(bytes / 2 ** 20)} MiB total, +${f1(grown / 2 ** 20)} MiB for the bench fleet: ${f1(grown / fleet.distinctFingerprints / 1024)} KiB per distinct fingerprint, ${f1(grown / N / 1024)} KiB per host${where ? ` (${where})` : ""}`,
    );

    console.log(`\n${dbKind}, ${INSTANCES} instance(s), N=${N} hosts (${f0(DISTINCT * 100)}% distinct), concurrency ${C}, ${os.cpus().length} cores\n`);
    console.log("| what | figure | floor |\n|---|---|---|");
    console.log(`| setup | ${dbKind}${SPEC ? " (fleet with a spec)" : ""}, ${INSTANCES} instance(s), N=${N}, ${fleet.distinctFingerprints} distinct fingerprints, C=${C}, ${os.cpus().length} cores, load average ${load} at the start | |`);
    for (const [w, f, fl] of rows) console.log(`| ${w} | ${f} | ${fl} |`);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
