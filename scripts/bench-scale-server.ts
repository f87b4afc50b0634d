// Processes and storage for bench-scale: start and stop `next start` on 127.0.0.1, read a server's CPU time and
// memory from /proc (what the server spent, not what the bench client spent on the same two cores), and give each
// run its own database: a temp data folder for PGlite, a freshly created (and finally dropped) one on PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { gcArgs, heapArgs } from "./server-node-args.mjs";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { tableSizes, type TableSizes } from "./bench-scale-storage";

export interface Server {
  proc: ChildProcess;
  pid: number;
  base: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /** Last lines of its output, shown when it fails to start or dies. */
  log: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What production runs: scripts/server.mjs (Next behind a plain listener that answers the machine routes itself)
 * when the checkout has it, else `next start`. BENCH_SCALE_SERVER=next forces the latter, to compare the two.
 */
export const SERVER_SCRIPT =
  process.env.BENCH_SCALE_SERVER !== "next" && fs.existsSync("scripts/server.mjs") ? ["scripts/server.mjs"] : ["node_modules/next/dist/bin/next", "start"];

/**
 * The node arguments of a server with `env`: the heap cap and collector npm start gives it (scripts/server-node-args.mjs),
 * after BENCH_SCALE_NODE_ARGS ("--cpu-prof --cpu-prof-dir=/tmp/prof" profiles it; NODE_OPTIONS refuses --cpu-prof),
 * unless those set their own.
 */
export function benchServerArgs(env: NodeJS.ProcessEnv): string[] {
  const nodeArgs = (process.env.BENCH_SCALE_NODE_ARGS ?? "").split(" ").filter(Boolean);
  if (!nodeArgs.some((a) => a.startsWith("--max-old-space-size"))) nodeArgs.unshift(...heapArgs(env));
  if (!nodeArgs.includes("--single-threaded-gc")) nodeArgs.push(...gcArgs(env));
  return nodeArgs;
}

export async function startServer(port: number, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<Server> {
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [...benchServerArgs(env), ...SERVER_SCRIPT, "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  // BENCH_SCALE_SERVER_LOG=FILE: every line of every server, appended (the slow worker ticks, each request's time).
  const file = process.env.BENCH_SCALE_SERVER_LOG;
  const keep = (b: Buffer) => {
    if (file) fs.appendFileSync(file, b);
    // Cut long lines: a failed query echoes its parameters, whole reports of 200 KiB.
    log.push(...b.toString().split("\n").filter(Boolean).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l)));
    log.splice(0, Math.max(0, log.length - 40));
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const server: Server = { proc, pid: proc.pid ?? 0, base, port, env, log };
  const deadline = performance.now() + timeoutMs;
  // The first start migrates and seeds the demo before it answers; bounded, and it fails fast if the process dies.
  while (performance.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server on :${port} exited with ${proc.exitCode}:\n${log.join("\n")}`);
    // Next keeps listening after a failed instrumentation hook (migration, demo seed) but never gets ready.
    if (log.some((l) => l.includes("Failed to prepare server"))) break;
    try {
      if ((await fetch(`${base}/api/v1/openapi.json`, { signal: AbortSignal.timeout(10_000) })).ok) return server;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  await stopServer(server);
  throw new Error(`server on :${port} did not get ready (${Math.round(performance.now() - deadline + timeoutMs) / 1000} s):\n${log.join("\n")}`);
}

/** SIGTERM (the app stops its worker and exits), SIGKILL after 20 s: a stuck server must not outlive the bench. */
export async function stopServer(s: Server): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise((r) => s.proc.once("exit", r));
  s.proc.kill("SIGTERM");
  const timer = setTimeout(() => s.proc.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

const TICK_MS = 1000 / (Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100);

/** The pid and its live descendants: if `next start` ever forks its server, that work still counts. */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** User + system CPU in ms of the server and its children (reaped children are in cutime/cstime). */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      // Fields after "(comm) ": state is [0], utime [11], stime [12], cutime [13], cstime [14].
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]) + (p === pid ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      /* exited meanwhile */
    }
  }
  return ticks * TICK_MS;
}

/** Resident and peak resident memory in MiB, summed over the process tree. */
export function memoryMiB(pid: number): { rss: number; hwm: number } {
  let rss = 0;
  let hwm = 0;
  for (const p of tree(pid)) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      rss += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      hwm += Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      /* exited meanwhile */
    }
  }
  return { rss: rss / 1024, hwm: hwm / 1024 };
}

export function duBytes(dir: string): number {
  const r = spawnSync("du", ["-sb", dir]);
  return Number(r.stdout.toString().split(/\s/)[0]);
}

export interface BenchDatabase {
  url: string;
  name: string;
  sizeBytes(): Promise<number>;
  /** The largest tables (with their indexes and TOAST), to say where the bytes went. */
  largestTables(n: number): Promise<string>;
  /** pg_total_relation_size of every table of the app (bench-scale-storage.ts). */
  tableSizes(): Promise<TableSizes>;
  drop(): Promise<void>;
}

/**
 * A fresh database with a random name on the server of `adminUrl`, connected as that URL's user (who needs
 * CREATEDB). Only 127.0.0.1/localhost: the bench never talks to another machine.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const u = new URL(adminUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) throw new Error(`--pg must point at 127.0.0.1 (got ${u.hostname})`);
  u.hostname = "127.0.0.1";
  const { default: postgres } = await import("postgres");
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  const name = `fp_bench_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const app = new URL(u.toString());
  app.pathname = `/${name}`;
  return {
    url: app.toString(),
    name,
    async sizeBytes() {
      const [row] = await admin<{ size: string }[]>`select pg_database_size(${name}) as size`;
      return Number(row.size);
    },
    async tableSizes() {
      const db = postgres(app.toString(), { max: 1, onnotice: () => {} });
      try {
        return await tableSizes((text) => db.unsafe(text) as unknown as Promise<{ name: string; size: string }[]>);
      } finally {
        await db.end();
      }
    },
    async largestTables(n: number) {
      const db = postgres(app.toString(), { max: 1, onnotice: () => {} });
      try {
        const rows = await db<{ name: string; size: string }[]>`
          select c.relname as name, pg_total_relation_size(c.oid) as size from pg_class c
          join pg_namespace s on s.oid = c.relnamespace
          where c.relkind = 'r' and s.nspname not in ('pg_catalog', 'information_schema')
          order by 2 desc limit ${n}`;
        return rows.map((r) => `${r.name} ${(Number(r.size) / 2 ** 20).toFixed(1)} MiB`).join(", ");
      } finally {
        await db.end();
      }
    },
    async drop() {
      // WITH (FORCE) (PostgreSQL 13+) ends connections a killed server may have left behind.
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
