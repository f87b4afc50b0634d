// In-process ingest profile: the herd of bench-scale (N hosts, half distinct) through the same machine routes, on
// PGlite in a temp folder, with readable function names (the production build is minified). Prints where the
// time goes per phase; run under `node --cpu-prof --conditions=react-server --import tsx scripts/profile-ingest.ts` for a full profile.
//   PROFILE_HOSTS=2000 PROFILE_CONCURRENCY=16 PROFILE_FULL=1 (no check-in first: every host sends its body)
//   PROFILE_WORKER=1 (the worker's analysis beside the herd) PROFILE_SQL=1 (per statement, wall time with queueing) PROFILE_SQL_SYNC=1 (per statement, time inside PGlite)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildScaleFleet, measureFloor } from "./bench-scale-fleet";

const N = Number(process.env.PROFILE_HOSTS ?? 2000);
const C = Number(process.env.PROFILE_CONCURRENCY ?? 16);

async function main() {
  process.env.FLEETPRINT_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "fp-profile-"));
  delete process.env.DATABASE_URL;
  process.env.FLEETPRINT_MAX_LAG_MS ??= "600000"; // a profile measures, it does not shed load
  const { getDb, closeDb } = await import("@/db/client");
  const { answerMachine } = await import("@/lib/server/machine-api");
  const { SYSTEM } = await import("@/lib/services/audit");
  const { createFleet } = await import("@/lib/services/create-fleet");
  const { createEnrollSecret } = await import("@/lib/services/create-enroll-secret");
  const { refreshAnalyses } = await import("@/lib/services/analyze-fleet");
  const db = await getDb();
  // Per statement: calls, time and rows (PROFILE_SQL=1).
  const stats = new Map<string, { n: number; ms: number; rows: number }>();
  if (process.env.PROFILE_SQL) {
    // On the class: the client drizzle holds is a view (db/pglite-parsers.ts) whose query() calls the client's.
    const { PGlite } = await import("@electric-sql/pglite");
    const query = PGlite.prototype.query;
    PGlite.prototype.query = async function (this: InstanceType<typeof PGlite>, ...a: Parameters<typeof query>) {
      const t0 = performance.now();
      const r = await query.apply(this, a);
      const k = String(a[0]).replace(/\s+/g, " ").slice(0, 90);
      const s = stats.get(k) ?? { n: 0, ms: 0, rows: 0 };
      stats.set(k, { n: s.n + 1, ms: s.ms + performance.now() - t0, rows: s.rows + (r.rows?.length ?? 0) });
      return r;
    } as typeof query;
  }
  // Per statement, the time inside PGlite's synchronous call (PROFILE_SQL_SYNC=1): CPU, without the queueing.
  const syncStats = new Map<string, { n: number; ms: number }>();
  if (process.env.PROFILE_SQL_SYNC) {
    const { PGlite } = await import("@electric-sql/pglite");
    const raw = PGlite.prototype.execProtocolRawSync;
    let last = "?";
    PGlite.prototype.execProtocolRawSync = function (this: InstanceType<typeof PGlite>, message: Uint8Array) {
      // A Parse message ('P', length, statement name, query text) names the statement the next messages run.
      if (message[0] === 80) {
        const name = message.indexOf(0, 5);
        last = Buffer.from(message.subarray(name + 1, message.indexOf(0, name + 1))).toString().replace(/\s+/g, " ").slice(0, 90);
      }
      const t0 = performance.now();
      const r = raw.call(this, message);
      const s = syncStats.get(last) ?? { n: 0, ms: 0 };
      syncStats.set(last, { n: s.n + 1, ms: s.ms + performance.now() - t0 });
      return r;
    };
  }
  await createFleet(db, SYSTEM, { name: "p", strategy: "mutable" });
  const { secret } = await createEnrollSecret(db, SYSTEM, "p");
  for (const ddl of (process.env.PROFILE_DDL ?? "").split(";").filter((s) => s.trim())) await db.execute((await import("drizzle-orm")).sql.raw(ddl));
  const fleet = buildScaleFleet(N, 0.5);
  const floor = measureFloor(fleet, N);
  console.log(`floor ${floor.msPer.toFixed(2)} ms/report`);
  const header = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;
  const pool = async (label: string, fn: (i: number) => Promise<void>) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let next = 0;
    await Promise.all(Array.from({ length: C }, async () => { for (let i = next++; i < N; i = next++) await fn(i); }));
    const cpu = process.cpuUsage(c0);
    const s = (performance.now() - t0) / 1000;
    console.log(`${label}: ${(N / s).toFixed(0)}/s, ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms CPU each (from ${(t0 / 1000).toFixed(1)} s to ${(performance.now() / 1000).toFixed(1)} s of the process)`);
  };
  const keys: string[] = [];
  await pool("enroll", async (i) => {
    const a = await answerMachine("/api/v1/enroll", { header: header({}), ip: null, body: Buffer.from(JSON.stringify({ secret, hostname: fleet.hostname(i), machineId: fleet.machineId(i) })) });
    keys[i] = (a.json as { hostKey: string }).hostKey;
  });
  // PROFILE_SPEC=1: the fleet gets a spec captured from its first host before the herd (drift is computed too).
  if (process.env.PROFILE_SPEC) {
    const headers = { authorization: `Bearer ${keys[0]}`, "x-fleetprint-digest": floor.digests[0] };
    const a = await answerMachine("/api/v1/fingerprints", { header: header(headers), ip: null, body: fleet.body(0) });
    if (a.status !== 202) throw new Error(JSON.stringify(a.json));
    const { captureSpec } = await import("@/lib/services/capture-spec");
    await captureSpec(db, SYSTEM, "p", fleet.hostname(0));
  }
  // As the agent does it (PROFILE_FULL=1: every host sends its full report, as agents before the content digest did).
  let bodies = 0;
  // PROFILE_VACUUM=1: the worker's embedded autovacuum beside the herd, every 10 s as it runs there.
  let vacuumMs = 0;
  const { vacuumEmbedded } = await import("@/lib/services/vacuum-embedded");
  const vacuumer = process.env.PROFILE_VACUUM
    ? setInterval(async () => {
        const t = performance.now();
        const plan = await vacuumEmbedded(db);
        vacuumMs += performance.now() - t;
        console.log(`vacuum ${JSON.stringify(plan)} ${(performance.now() - t).toFixed(0)} ms`);
      }, 10_000)
    : undefined;
  // PROFILE_WORKER=1: the worker's analysis beside the herd, a tick a second as it runs there (its own spacing applies).
  let herdDone = false;
  let workerMs = 0;
  const worker = process.env.PROFILE_WORKER
    ? (async () => {
        while (!herdDone) {
          const t = performance.now();
          await refreshAnalyses(db, new Date());
          workerMs += performance.now() - t;
          await new Promise((r) => setTimeout(r, 1000));
        }
      })()
    : undefined;
  await pool("herd", async (i) => {
    const auth = { authorization: `Bearer ${keys[i]}` };
    if (!process.env.PROFILE_FULL) {
      const body = Buffer.from(JSON.stringify({ digest: floor.digests[i], content: fleet.contentDigest(i), machineId: fleet.machineId(i) }));
      const c = await answerMachine("/api/v1/checkin", { header: header(auth), ip: null, body });
      if ((c.json as { status?: string }).status !== "report-needed") return;
    }
    bodies++;
    const headers = { ...auth, "x-fleetprint-digest": floor.digests[i], ...(process.env.PROFILE_FULL ? {} : { "x-fleetprint-content-digest": fleet.contentDigest(i) }) };
    const a = await answerMachine("/api/v1/fingerprints", { header: header(headers), ip: null, body: fleet.body(i) });
    if (a.status !== 202) throw new Error(JSON.stringify(a.json));
  });
  clearInterval(vacuumer);
  herdDone = true;
  await worker;
  if (worker) console.log(`worker analysis beside the herd: ${workerMs.toFixed(0)} ms`);
  console.log(`full reports in the herd: ${bodies}${vacuumer ? `; vacuum beside it ${vacuumMs.toFixed(0)} ms` : ""}`);
  // PROFILE_UNCHANGED=1: every host sends its full report again, unchanged (agents that always send the body).
  if (process.env.PROFILE_UNCHANGED) {
    await pool("unchanged full reports", async (i) => {
      const headers = { authorization: `Bearer ${keys[i]}`, "x-fleetprint-digest": floor.digests[i] };
      const a = await answerMachine("/api/v1/fingerprints", { header: header(headers), ip: null, body: fleet.body(i) });
      if (a.status !== 202) throw new Error(JSON.stringify(a.json));
    });
  }
  // PROFILE_CHECKINS=K: K rounds of every host's unchanged check-in (with PROFILE_VACUUM, a vacuum check after each).
  for (let round = 0; round < Number(process.env.PROFILE_CHECKINS ?? 0); round++) {
    await pool("unchanged check-ins", async (i) => {
      const body = Buffer.from(JSON.stringify({ digest: floor.digests[i], content: fleet.contentDigest(i), machineId: fleet.machineId(i) }));
      const c = await answerMachine("/api/v1/checkin", { header: header({ authorization: `Bearer ${keys[i]}` }), ip: null, body });
      if ((c.json as { status?: string }).status !== "unchanged") throw new Error(JSON.stringify(c.json));
    });
    await new Promise((r) => setTimeout(r, 2500)); // last_seen is written behind, once a second
    if (vacuumer) console.log(`vacuum ${JSON.stringify(await vacuumEmbedded(db))}`);
  }
  const t0 = performance.now();
  await refreshAnalyses(db, new Date());
  console.log(`analysis after the herd: ${(performance.now() - t0).toFixed(0)} ms`);
  (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: what is kept, not what is garbage yet
  if (process.env.PROFILE_HEAP) console.log(`heap snapshot: ${(await import("node:v8")).writeHeapSnapshot(process.env.PROFILE_HEAP)}`);
  const mem = process.memoryUsage();
  console.log(`memory: RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB, JS heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MiB (PGlite's memory is one)`);
  for (const [k, v] of [...syncStats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(6)}× (in PGlite)  ${k}`);
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(6)}× ${String(v.rows).padStart(7)} rows  ${k}`);
  if (process.env.PROFILE_STORAGE) {
    // Each relation of the per-host tables (heap, TOAST and every index), in bytes per host (PROFILE_STORAGE=1).
    const { sql } = await import("drizzle-orm");
    const { rowsOf } = await import("@/db/client");
    const r = await db.execute(sql`select c.relname as name, pg_relation_size(c.oid) + coalesce(pg_total_relation_size(c.reltoastrelid), 0) as size
      from pg_class c where c.relname like 'hosts%' or c.relname like 'host_history%' order by 2 desc`);
    for (const row of rowsOf<{ name: string; size: string }>(r)) console.log(`${(Number(row.size) / N).toFixed(0).padStart(6)} B/host  ${row.name}`);
    const live = await db.execute(sql`select (select avg(pg_column_size(h.*)) from hosts h) as host_row, (select avg(pg_column_size(h.*)) from host_history h) as history_row,
      (select count(*) from host_history) as history_rows, (select n_dead_tup from pg_stat_user_tables where relname = 'hosts') as dead, (select n_tup_hot_upd || '/' || n_tup_upd from pg_stat_user_tables where relname = 'hosts') as hot`);
    console.log(JSON.stringify(rowsOf(live)[0]));
  }
  await closeDb();
  // PROFILE_KEEP=1 keeps the data folder (to look at plans on a fleet of this size) and says where it is.
  if (process.env.PROFILE_KEEP) console.log(`data folder kept: ${process.env.FLEETPRINT_DATA_DIR}`);
  else fs.rmSync(process.env.FLEETPRINT_DATA_DIR, { recursive: true, force: true });
}
// The parse thread and pools keep the loop alive: a profile ends when its figures are out.
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
