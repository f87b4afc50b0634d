// `npm run bench`: prints the figures we track (never asserted in tests: these machines are noisy).
// Report size, agent time on this machine, demo seed time, page and API latency at demo size, ingest latency
// (changed vs unchanged fast path) and the hosts list at a larger synthetic fleet. Needs a production build.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { EXTRAS, buildHost, install, toReport } from "@/lib/demo/demo-hosts";
import { loadBaseImage } from "@/lib/demo/seed-demo";
import { createToken, signIn } from "./auth-http";

const PORT = Number(process.env.BENCH_PORT ?? 3197);
const BASE = `http://127.0.0.1:${PORT}`;
let TOKEN = ""; // the demo admin's API token, made once the server is up
const HOSTS = Number(process.env.BENCH_HOSTS ?? 2000);
// The bench's server seeds the demo accounts with a password it is told (a first start would generate one).
const DEMO_PASSWORD = process.env.FLEETPRINT_DEMO_PASSWORD || "bench-demo-password";

const ms = (t0: number) => Math.round(performance.now() - t0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

async function timeGet(p: string, runs = 7): Promise<string> {
  const get = () => fetch(BASE + p, { headers: { authorization: `Bearer ${TOKEN}` } });
  await get().then((r) => r.text()); // warm
  const xs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await get();
    bytes = (await r.arrayBuffer()).byteLength;
    if (!r.ok) throw new Error(`${p}: ${r.status}`);
    xs.push(ms(t0));
  }
  return `median ${median(xs)} ms, max ${Math.max(...xs)} ms, ${(bytes / 1024).toFixed(0)} KiB`;
}

async function post(p: string, body: unknown, token = TOKEN) {
  const r = await fetch(BASE + p, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("run `npm run build` first");
  const base = loadBaseImage();
  const sample = toReport(buildHost(base, "web-01", "v1"), base, new Date());
  const raw = Buffer.from(JSON.stringify(sample));
  console.log(`report (demo web server, ${sample.packages.length} packages, ${sample.configs.length} configs): ${(raw.length / 1024).toFixed(0)} KiB, gzip ${(gzipSync(raw).length / 1024).toFixed(0)} KiB`);
  let t0 = performance.now();
  const agent = spawnSync("sh", ["agent/fleetprint-agent.sh", "--print"], { maxBuffer: 64 << 20 });
  const real = agent.stdout;
  const parsed = JSON.parse(real.toString());
  console.log(`agent --print on this machine: ${ms(t0)} ms, ${parsed.packages.length} packages, ${parsed.configs.length} configs, ${(real.length / 1024).toFixed(0)} KiB (gzip ${(gzipSync(real).length / 1024).toFixed(0)} KiB)`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-bench-"));
  t0 = performance.now();
  const server = spawn(process.execPath, ["scripts/server.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { ...process.env, FLEETPRINT_DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "", FLEETPRINT_DEMO_PASSWORD: DEMO_PASSWORD },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`${BASE}/api/v1/openapi.json`)).ok) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`server start incl. migration + demo seed (64 hosts, 120 days): ${ms(t0)} ms`);
    TOKEN = (await createToken(BASE, await signIn(BASE, "admin@demo.fleetprint", DEMO_PASSWORD), "bench")).token;
    for (const p of ["/", "/fleets/web-mutable", "/fleets/web-mutable/hosts/web-17", "/fleets/web-mutable/hosts/web-17/diff?against=spec", "/api/v1/fleets", "/api/v1/hosts"]) {
      console.log(`GET ${p}: ${await timeGet(p)}`);
    }

    await post("/api/v1/fleets", { name: "bench", strategy: "mutable" });
    const { secret } = await post("/api/v1/fleets/bench/enroll-secrets", {});
    const variants = Object.values(EXTRAS);
    const reports = Array.from({ length: HOSTS }, (_, i) => {
      const h = buildHost(base, `b-${i}`, "v1");
      if (i % 10 === 0) install(h, variants[(i / 10) % variants.length]); // 10% drifted, 4 variants
      return toReport(h, base, new Date());
    });
    const keys: string[] = [];
    t0 = performance.now();
    for (let i = 0; i < HOSTS; i += 16) {
      const batch = reports.slice(i, i + 16).map((r) => post("/api/v1/enroll", { secret, hostname: r.hostname }, "").then((j) => j.hostKey as string));
      keys.push(...(await Promise.all(batch)));
    }
    console.log(`enroll ${HOSTS} hosts: ${ms(t0)} ms`);
    for (const label of ["first report (new or changed)", "repeat report (unchanged, fast path)"]) {
      const lat: number[] = [];
      t0 = performance.now();
      for (let i = 0; i < HOSTS; i += 8) {
        await Promise.all(
          reports.slice(i, i + 8).map(async (r, j) => {
            const s = performance.now();
            await post("/api/v1/fingerprints", r, keys[i + j]);
            lat.push(performance.now() - s);
          }),
        );
      }
      const total = performance.now() - t0;
      console.log(`ingest ${label}: ${(HOSTS / (total / 1000)).toFixed(0)} reports/s at concurrency 8, latency median ${median(lat).toFixed(0)} ms, p95 ${p95(lat).toFixed(0)} ms`);
    }
    console.log(`GET /api/v1/hosts?fleet=bench (${HOSTS} hosts): ${await timeGet("/api/v1/hosts?fleet=bench", 5)}`);
    console.log(`GET /fleets/bench (${HOSTS} hosts): ${await timeGet("/fleets/bench", 5)}`);
    console.log(`GET / with ${HOSTS + 64} hosts: ${await timeGet("/", 5)}`);
    const rss = fs.readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1];
    console.log(`server RSS after the run: ${Math.round(Number(rss) / 1024)} MiB`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
