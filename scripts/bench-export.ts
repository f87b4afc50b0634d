// `npm run bench` (second part): the drift export of a 10,000-host fleet through the production server (scripts/server.mjs). Prints, per
// format, time to first byte, total time, size, and the server's resident memory before and at its peak during
// the download (sampled from /proc every 20 ms), which is what "bounded memory" has to show. Needs a build.
//
// The fleet is seeded straight into the database before the server starts: 50 real fingerprints (a clean golden
// host and 49 drifted variants, ingested through the services), then 10,000 hosts pointing at them, with two
// history rows each so every drift item gets a first-seen date. BENCH_EXPORT_HOSTS changes the size;
// BENCH_DATABASE_URL runs it against PostgreSQL instead of PGlite.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { openDb } from "@/db/client";
import { fleets } from "@/db/schema";
import { EXTRAS, addFile, buildHost, editConfig, install, toReport } from "@/lib/demo/demo-hosts";
import { loadBaseImage } from "@/lib/demo/seed-demo";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createApiToken } from "@/lib/services/create-api-token";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { createUser } from "@/lib/services/create-user";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";

const HOSTS = Number(process.env.BENCH_EXPORT_HOSTS ?? 10_000);
const PORT = Number(process.env.BENCH_PORT ?? 3198);
const BASE = `http://127.0.0.1:${PORT}`;
const FLEET = "bench-export";
const DAY = 86_400_000;

async function seed(choice: Parameters<typeof openDb>[0]): Promise<string> {
  const h = await openDb(choice);
  const db = h.db;
  try {
    const base = loadBaseImage();
    const t0 = new Date(Date.now() - 120 * DAY);
    await createFleet(db, SYSTEM, { name: FLEET, strategy: "mutable" });
    const { secret } = await createEnrollSecret(db, SYSTEM, FLEET);
    const extras = Object.values(EXTRAS);
    const hashes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const state = buildHost(base, `seed-${String(i).padStart(2, "0")}`, "v1");
      if (i > 0) {
        // 4 to 12 items each: extra packages, a hand-edited php.ini, files nobody declared (one non-ASCII).
        install(state, [...extras[i % extras.length], ...extras[(i + 1) % extras.length]]);
        if (i % 2 === 0) editConfig(state, "/etc/php/8.2/apache2/php.ini", `memory_limit = ${i}M`);
        for (let k = 0; k < i % 4; k++) addFile(state, `/etc/app/conf.d/${k}-${i}.conf`, `v${i}`);
        if (i % 5 === 0) addFile(state, `/etc/app/häfen-${i}.conf`, `v${i}`);
      }
      const { hostKey } = await enrollHost(db, null, { secret, hostname: state.hostname, machineId: null });
      hashes.push((await ingestFingerprint(db, await authenticateHost(db, hostKey), toReport(state, base, t0), t0)).fingerprint);
    }
    await captureSpec(db, SYSTEM, FLEET, "seed-00", t0);
    const [f] = await db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, FLEET));
    // 40% conform (the golden fingerprint), the rest spread over the 49 drifted variants.
    const list = `{${hashes.join(",")}}`;
    await db.execute(sql`
      insert into hosts (fleet_id, hostname, fingerprint_hash, enrolled_at, last_seen, last_changed, last_built)
      select ${f.id}, 'host-' || lpad(g::text, 6, '0'),
             case when g % 10 < 4 then (${list}::text[])[1] else (${list}::text[])[2 + g % 49] end,
             ${t0.toISOString()}::timestamptz, now(), ${t0.toISOString()}::timestamptz + (g % 90) * interval '1 day', ${t0.toISOString()}::timestamptz
      from generate_series(1, ${HOSTS - 50}) g`);
    // History: golden at enrolment, then the current fingerprint from the host's last change.
    await db.execute(sql`
      insert into host_history (host_id, at, event, fingerprint_hash)
      select id, enrolled_at, 'fingerprint', (${list}::text[])[1] from hosts where fleet_id = ${f.id} and hostname like 'host-%'`);
    await db.execute(sql`
      insert into host_history (host_id, at, event, fingerprint_hash, previous_hash)
      select id, last_changed, 'fingerprint', fingerprint_hash, (${list}::text[])[1] from hosts
      where fleet_id = ${f.id} and hostname like 'host-%' and fingerprint_hash <> (${list}::text[])[1]`);
    await db.update(fleets).set({ revision: sql`${fleets.revision} + 1` }).where(eq(fleets.id, f.id));
    const user = await createUser(db, SYSTEM, { email: "bench-export@bench.fleetprint", name: "Bench", password: "bench-password-1", role: "viewer" });
    const principal = { userId: user.id, email: user.email, name: user.name, role: "viewer" as const, via: "session" as const };
    return (await createApiToken(db, principal, SYSTEM, "bench-export")).token;
  } finally {
    await h.close();
  }
}

/** Resident memory of the server and its children, in KiB. */
function rssKiB(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      for (const c of fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(c));
    } catch {
      /* exited */
    }
  };
  visit(pid);
  return total;
}

async function measure(pid: number, token: string, query: string) {
  const before = rssKiB(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), 20);
  const t0 = performance.now();
  const r = await fetch(`${BASE}/api/v1/exports/drift?${query}`, { headers: { authorization: `Bearer ${token}`, "accept-encoding": "identity" } });
  if (!r.ok || !r.body) throw new Error(`${query}: ${r.status} ${await r.text()}`);
  const reader = r.body.getReader();
  let ttfb = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) ttfb = performance.now() - t0;
    bytes += value.byteLength;
  }
  const total = performance.now() - t0;
  clearInterval(sampler);
  const mib = (k: number) => `${Math.round(k / 1024)} MiB`;
  const hosts = r.headers.get("x-fleetprint-total-hosts");
  return `${query.padEnd(38)} ${hosts} hosts: first byte ${Math.round(ttfb)} ms, total ${(total / 1000).toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MiB; server RSS ${mib(before)} before, peak ${mib(peak)}`;
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("run `npm run build` first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-bench-export-"));
  const pgUrl = process.env.BENCH_DATABASE_URL;
  let t0 = performance.now();
  const token = await seed(pgUrl ? { kind: "postgres", url: pgUrl } : { kind: "pglite", dataDir });
  console.log(`export bench: seeded ${HOSTS} hosts (50 distinct fingerprints, ${pgUrl ? "PostgreSQL" : "PGlite"}) in ${Math.round(performance.now() - t0)} ms`);
  const server = spawn(process.execPath, ["scripts/server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { ...process.env, FLEETPRINT_DATA_DIR: dataDir, DATABASE_URL: pgUrl ?? "", FLEETPRINT_DEMO: "0", FLEETPRINT_WORKER: "0", FLEETPRINT_ADMIN_TOKEN: "bench-export-bootstrap" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    t0 = performance.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error("server exited");
      try {
        if ((await fetch(`${BASE}/api/v1/openapi.json`)).ok) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await measure(server.pid!, token, `fleet=${FLEET}&format=json&q=host-00000`); // warm: first request compiles routes
    for (const format of ["csv", "json", "md", "pdf"]) console.log(await measure(server.pid!, token, `fleet=${FLEET}&format=${format}`));
    console.log(await measure(server.pid!, token, `fleet=${FLEET}&format=csv&since=${new Date(Date.now() - 60 * DAY).toISOString().slice(0, 10)}`));
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
