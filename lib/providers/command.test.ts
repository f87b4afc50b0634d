import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { target, testContext } from "@/tests/fakes/provider-context";
import { createCommandProvider } from "./command";
import { providerConfigSchema, type CommandConfig } from "./config";

let dir: string;
const env = { PATH: process.env.PATH };

async function script(name: string, body: string, mode = 0o755): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, `#!/bin/sh\n${body}\n`, { mode });
  await chmod(p, mode);
  return p;
}

function provider(argv: string[], over: Record<string, unknown> = {}, killGraceMs = 10_000) {
  const config = providerConfigSchema.parse({ kind: "command", argv, ...over }) as CommandConfig;
  return createCommandProvider(config, { killGraceMs });
}

/** Alive and not a zombie (orphans may linger unreaped where PID 1 does not reap). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1][0] !== "Z";
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (Date.now() < end && !check()) await new Promise((r) => setTimeout(r, 20));
  return check();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fp-command-test-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("command provider", () => {
  it("hands the child an allow-list of the server's environment: never another provider's token or the app's secrets", async () => {
    const s = await script("env.sh", "env | sort");
    const server = {
      PATH: process.env.PATH,
      HOME: "/home/fp",
      DIGITALOCEAN_TOKEN: "dop_v1_secret_value",
      HEROKU_API_KEY: "hrku-secret-value",
      CI_TRIGGER: "glptt-other-fleet",
      BETTER_AUTH_SECRET: "auth-secret-value",
      AWS_PROFILE: "ops",
      UNNAMED: "not-for-the-child",
    };
    const { ctx, lines } = testContext(server);
    ctx.providerSecrets = new Set(["CI_TRIGGER"]);
    const out = await provider([s], { passEnv: ["AWS_PROFILE", "CI_TRIGGER", "DIGITALOCEAN_TOKEN", "BETTER_AUTH_SECRET"] }).rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
    const seen = lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.slice(0, l.indexOf("=")));
    expect(seen.filter((k) => !k.startsWith("FLEETPRINT_") && k !== "PWD" && k !== "SHLVL" && k !== "_").sort()).toEqual(["AWS_PROFILE", "HOME", "PATH"]);
    const text = lines.join("\n");
    for (const v of ["dop_v1_secret_value", "hrku-secret-value", "glptt-other-fleet", "auth-secret-value", "not-for-the-child"]) expect(text).not.toContain(v);
    expect(text).toContain("not passing CI_TRIGGER to the command: a rebuild provider's credential");
    expect(text).toContain("not passing DIGITALOCEAN_TOKEN to the command: a rebuild provider's credential");
    expect(text).toContain("not passing BETTER_AUTH_SECRET to the command: a secret of Fleetprint itself");
  });

  it("runs the program with placeholders, env and a private spec file, logging its output", async () => {
    const s = await script(
      "ok.sh",
      `for a in "$@"; do printf 'arg:%s\\n' "$a"; done
echo "mode:$(stat -c %a "$FLEETPRINT_SPEC_FILE")"
echo "same:$([ "$FLEETPRINT_SPEC_FILE" = "$5" ] && echo yes)"
echo "env:$FLEETPRINT_HOSTNAME $FLEETPRINT_FLEET $FLEETPRINT_PROVIDER_REF $FLEETPRINT_SPEC_VERSION $FLEETPRINT_REQUEST_ID $EXTRA"
echo "spec:$(cat "$FLEETPRINT_SPEC_FILE" | head -1)"
echo "to stderr" >&2`,
    );
    const { ctx, lines } = testContext(env);
    const out = await provider([s, "-replace=digitalocean_droplet.{hostname}", "{fleet}", "{providerRef}", "v{specVersion}", "{specFile}", "{requestId}"], { env: { EXTRA: "x1" } }).rebuild(target(), ctx);
    expect(out).toEqual({ status: "succeeded", message: `${s} finished (exit code 0)` });
    expect(lines).toEqual(
      expect.arrayContaining([
        "arg:-replace=digitalocean_droplet.web-01",
        "arg:web",
        "arg:3164444",
        "arg:v7",
        "arg:rr-0001",
        "mode:600",
        "same:yes",
        "env:web-01 web 3164444 7 rr-0001 x1",
        "spec:fleet: web",
        "to stderr",
      ]),
    );
    const specPath = lines.find((l) => l.startsWith("arg:/"))!.slice(4);
    expect(specPath).toMatch(/fleetprint-rebuild-.*\/spec\.yaml$/);
    expect(existsSync(specPath)).toBe(false); // removed afterwards, with its directory
  });

  it("finds a bare program name in PATH", async () => {
    const { ctx, lines } = testContext(env);
    const out = await provider(["echo", "hello", "{hostname}"]).rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
    expect(lines).toContain("hello web-01");
  });

  it("never lets a placeholder value become shell syntax", async () => {
    const marker = join(dir, "marker");
    await writeFile(marker, "still here");
    const s = await script("args.sh", `for a in "$@"; do printf 'arg:%s\\n' "$a"; done`);
    const hostile = `web;rm -rf ${marker} $(touch ${dir}/pwned) \`id\``;
    const { ctx, lines } = testContext(env);
    const out = await provider([s, "{hostname}", "--name={hostname}"]).rebuild(target({ hostname: hostile }), ctx);
    expect(out.status).toBe("succeeded");
    expect(lines.filter((l) => l.startsWith("arg:"))).toEqual([`arg:${hostile}`, `arg:--name=${hostile}`]);
    expect(await readFile(marker, "utf8")).toBe("still here");
    expect(existsSync(join(dir, "pwned"))).toBe(false);
  });

  it("fails cleanly on an argument no process can receive (NUL byte)", async () => {
    const out = await provider(["echo", "{hostname}"]).rebuild(target({ hostname: "web\u0000-01" }), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("could not run echo:") });
  });

  it("fails with the exit code and the last stderr line", async () => {
    const s = await script("fail.sh", `echo "Plan: 1 to replace"\necho "Error: Invalid provider configuration" >&2\necho "" >&2\nexit 3`);
    const out = await provider([s]).rebuild(target(), testContext(env).ctx);
    expect(out).toEqual({ status: "failed", retryable: false, message: `${s} exited with code 3: Error: Invalid provider configuration` });
  });

  it("treats exit code 75 (EX_TEMPFAIL) as worth retrying", async () => {
    const s = await script("tempfail.sh", `echo "state lock held" >&2; exit 75`);
    expect(await provider([s]).rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: true });
  });

  it("says clearly when the program does not exist or cannot run", async () => {
    expect(await provider(["fleetprint-no-such-program"]).rebuild(target(), testContext(env).ctx)).toEqual({
      status: "failed",
      retryable: false,
      message: "command not found: fleetprint-no-such-program (ENOENT); use an absolute path or put it in the server's PATH",
    });
    expect(await provider(["/nonexistent/bin/terraform"]).rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", message: expect.stringContaining("ENOENT") });
    const noexec = await script("noexec.sh", "echo hi", 0o644);
    expect(await provider([noexec]).rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", message: expect.stringContaining("not executable (EACCES)") });
  });

  it("kills the whole process group on timeout", async () => {
    const pidFile = join(dir, "child.pid");
    const s = await script("hang.sh", `sleep 300 &\necho $! > "${pidFile}"\necho started\nsleep 300`);
    const { ctx, lines } = testContext(env);
    const started = Date.now();
    const out = await provider([s], { timeoutSeconds: 0.5 }).rebuild(target(), ctx);
    expect(out).toEqual({ status: "failed", retryable: false, message: "timed out after 500ms; its process group was killed" });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lines).toContain("started");
    const grandchild = Number(await readFile(pidFile, "utf8"));
    expect(await eventually(() => !alive(grandchild))).toBe(true);
  });

  it("follows SIGTERM with SIGKILL for programs that ignore it", async () => {
    const pidFile = join(dir, "stubborn.pid");
    const s = await script("stubborn.sh", `trap '' TERM\nsleep 300 &\necho $! > "${pidFile}"\nwait`);
    const started = Date.now();
    const out = await provider([s], { timeoutSeconds: 0.3 }, 300).rebuild(target(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", message: expect.stringContaining("timed out") });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(await eventually(() => !alive(Number(readFileSync(pidFile, "utf8"))))).toBe(true);
  });

  it("stops when cancelled, killing the group", async () => {
    const pidFile = join(dir, "cancel.pid");
    const s = await script("cancel.sh", `sleep 300 &\necho $! > "${pidFile}"\necho running\nwait`);
    const { ctx, lines, abort } = testContext(env);
    const run = provider([s]).rebuild(target(), ctx);
    await eventually(() => lines.includes("running"));
    abort("shutdown");
    expect(await run).toEqual({ status: "failed", retryable: true, message: "cancelled (shutdown); its process group was killed" });
    expect(await eventually(() => !alive(Number(readFileSync(pidFile, "utf8"))))).toBe(true);
  });

  it("does not start when already cancelled", async () => {
    const { ctx, abort } = testContext(env);
    abort();
    expect(await provider(["echo"]).rebuild(target(), ctx)).toMatchObject({ status: "failed", retryable: true });
  });

  it("caps the log at 1 MiB and says so", async () => {
    const s = await script("chatty.sh", `i=0; while [ $i -lt 24 ]; do head -c 100000 /dev/zero | tr '\\0' 'a' | fold -w 99; i=$((i+1)); done; echo "done" >&2; exit 1`);
    const { ctx, lines } = testContext(env);
    const out = await provider([s]).rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", message: expect.stringMatching(/exited with code 1: done$/) });
    const logged = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    expect(logged).toBeLessThan((1 << 20) + 500);
    expect(lines.filter((l) => l.startsWith("… output truncated"))).toEqual(["… output truncated: the log keeps the first 1 MiB"]);
  });

  it("does not wait forever for a daemon that keeps the output pipe open", async () => {
    const pidFile = join(dir, "daemon.pid");
    const s = await script("daemon.sh", `sleep 30 &\necho $! > "${pidFile}"\necho detached`);
    const started = Date.now();
    const out = await provider([s]).rebuild(target(), testContext(env).ctx);
    expect(out.status).toBe("succeeded");
    expect(Date.now() - started).toBeLessThan(4000);
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  });

  it("runs in the configured working directory", async () => {
    const { ctx, lines } = testContext(env);
    await provider(["pwd"], { cwd: dir }).rebuild(target(), ctx);
    expect(lines).toContain(dir);
  });
});
