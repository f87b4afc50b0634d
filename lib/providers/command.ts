import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childEnv } from "@/lib/core/child-env";
import type { CommandConfig } from "./config";
import { fmtSeconds, truncate } from "./http";
import { CappedLog } from "./line-log";
import { placeholderValues, substitute } from "./placeholders";
import type { ProviderContext, ProviderDeps, ProviderOutcome, RebuildProvider, RebuildTarget } from "./types";

const DEFAULT_KILL_GRACE_MS = 10_000;
const DRAIN_MS = 2_000; // after exit, how long a background grandchild may keep our pipes open
const EX_TEMPFAIL = 75; // sysexits.h: "try again later", the one exit code we treat as retryable

/**
 * Runs a program (terraform apply -replace=…, ansible-playbook, packer build, a script) without a shell:
 * placeholders are substituted inside each argument, so nothing in a hostname can become syntax.
 */
export function createCommandProvider(config: CommandConfig, deps: ProviderDeps = {}): RebuildProvider {
  const killGraceMs = deps.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return {
    kind: "command",
    async rebuild(t, ctx) {
      if (ctx.signal.aborted) return { status: "failed", message: "cancelled before start", retryable: true };
      let dir: string | undefined;
      try {
        dir = await mkdtemp(join(tmpdir(), "fleetprint-rebuild-")); // 0700
        const specFile = join(dir, "spec.yaml");
        await writeFile(specFile, t.specYaml, { mode: 0o600, flag: "wx" });
        return await run(config, t, ctx, specFile, config.cwd ?? dir, killGraceMs);
      } catch (err) {
        // spawn throws synchronously on arguments it cannot pass (a NUL byte); the disk may be full.
        return { status: "failed", retryable: false, message: `could not run ${config.argv[0]}: ${truncate(err instanceof Error ? err.message : String(err), 300)}` };
      } finally {
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError?: NodeJS.ErrnoException;
}

async function run(config: CommandConfig, t: RebuildTarget, ctx: ProviderContext, specFile: string, cwd: string, killGraceMs: number): Promise<ProviderOutcome> {
  const values = placeholderValues(t, specFile);
  const [program, ...args] = config.argv.map((a) => substitute(a, values));
  // An allow-list, not the server's environment: that holds every provider's token and the app's secrets.
  const { env, withheld } = childEnv(ctx.env, config.passEnv ?? [], config.env ?? {}, ctx.providerSecrets ?? new Set(), {
    FLEETPRINT_SPEC_FILE: specFile,
    FLEETPRINT_HOSTNAME: t.hostname,
    FLEETPRINT_FLEET: t.fleet,
    FLEETPRINT_PROVIDER_REF: t.providerRef ?? "",
    FLEETPRINT_SPEC_VERSION: String(t.specVersion),
    FLEETPRINT_REQUEST_ID: t.requestId,
    // Where the rebuilt host's agent reports (the server's public URL).
    ...(ctx.env.FLEETPRINT_URL ? { FLEETPRINT_URL: ctx.env.FLEETPRINT_URL } : {}),
  });
  for (const w of withheld) ctx.log(`not passing ${w.name} to the command: ${w.why}`);

  ctx.log(`running ${program} with ${args.length} argument${args.length === 1 ? "" : "s"} (timeout ${fmtSeconds(config.timeoutSeconds * 1000)})`);
  // detached: the child leads a new process group, so a timeout can kill everything it started.
  // Next.js types NODE_ENV as required on ProcessEnv; a child needs no such thing.
  const child = spawn(program, args, { cwd, env: env as NodeJS.ProcessEnv, detached: true, shell: false, stdio: ["ignore", "pipe", "pipe"] });

  const log = new CappedLog(ctx.log);
  let lastStderr = "";
  const out = log.stream();
  const err = log.stream((l) => {
    if (l.trim()) lastStderr = l.trim();
  });
  child.stdout?.on("data", out.push);
  child.stderr?.on("data", err.push);

  let stopped: "timeout" | "cancelled" | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let killed = false;
  const stop = (why: "timeout" | "cancelled") => {
    if (stopped || child.pid === undefined) return;
    stopped = why;
    signalGroup(child, "SIGTERM");
    killTimer = setTimeout(() => {
      killed = true;
      signalGroup(child, "SIGKILL");
    }, killGraceMs);
  };
  const timer = setTimeout(() => stop("timeout"), config.timeoutSeconds * 1000);
  const onAbort = () => stop("cancelled");
  ctx.signal.addEventListener("abort", onAbort, { once: true });

  try {
    const exit = await waitForExit(child);
    clearTimeout(timer);
    // After SIGTERM the leader may be gone while its children linger: wait for them, then SIGKILL.
    if (stopped && !killed) await waitForGroupGone(child, () => killed);
    await drain(child);
    out.end();
    err.end();
    return outcome(exit, stopped, program, config.timeoutSeconds, lastStderr, ctx);
  } finally {
    clearTimeout(timer);
    clearTimeout(killTimer);
    ctx.signal.removeEventListener("abort", onAbort);
  }
}

function outcome(exit: Exit, stopped: "timeout" | "cancelled" | undefined, program: string, timeoutSeconds: number, lastStderr: string, ctx: ProviderContext): ProviderOutcome {
  const tail = lastStderr ? `: ${truncate(lastStderr, 300)}` : "";
  if (exit.spawnError) {
    const e = exit.spawnError;
    if (e.code === "ENOENT") return { status: "failed", retryable: false, message: `command not found: ${program} (ENOENT); use an absolute path or put it in the server's PATH` };
    if (e.code === "EACCES") return { status: "failed", retryable: false, message: `${program} is not executable (EACCES)` };
    return { status: "failed", retryable: false, message: `could not start ${program}: ${e.code ?? e.message}` };
  }
  if (stopped === "timeout") return { status: "failed", retryable: false, message: `timed out after ${fmtSeconds(timeoutSeconds * 1000)}; its process group was killed` };
  if (stopped === "cancelled") {
    const why = typeof ctx.signal.reason === "string" ? ` (${ctx.signal.reason})` : "";
    return { status: "failed", retryable: true, message: `cancelled${why}; its process group was killed` };
  }
  if (exit.code === 0) return { status: "succeeded", message: `${program} finished (exit code 0)` };
  if (exit.code !== null) return { status: "failed", retryable: exit.code === EX_TEMPFAIL, message: `${program} exited with code ${exit.code}${tail}` };
  return { status: "failed", retryable: false, message: `${program} was killed by ${exit.signal}${tail}` };
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    // ESRCH: the group is already gone
  }
}

function waitForExit(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once("error", (e: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError: e });
    });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

async function waitForGroupGone(child: ChildProcess, killed: () => boolean) {
  while (!killed() && (await groupAlive(child.pid!))) await new Promise((r) => setTimeout(r, 50));
}

/**
 * kill(-pgid, 0) also succeeds for zombies, which linger where PID 1 does not reap orphans (node as PID 1
 * in a container). On Linux, look for a member that is not a zombie instead.
 */
async function groupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((d) => /^\d+$/.test(d));
  } catch {
    return true; // no /proc: trust kill()
  }
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") return true;
    } catch {
      // exited while we looked
    }
  }
  return false;
}

/** Output still in the pipes arrives after 'exit'; wait for 'close', but not for a daemon that kept them. */
function drain(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || (child.stdout?.closed !== false && child.stderr?.closed !== false)) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve();
    }, DRAIN_MS);
    child.once("close", () => {
      clearTimeout(t);
      resolve();
    });
  });
}
