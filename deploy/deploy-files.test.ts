// The deployment files, checked without a Docker engine (there is none in CI). hadolint is not installable here
// (neither npm nor Debian packages it), so: dockerfile-utils (npm; the linter behind VS Code's Dockerfile support)
// for syntax and instruction errors, plus the hadolint rules that matter for this image, written out below with
// their hadolint codes, and the facts the README promises (non-root, healthcheck, the standalone entry).
import fs from "node:fs";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions of a Dockerfile, continuation lines joined, comments and parser directives left out. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: Instruction | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) return;
    if (pending && line.startsWith("#")) return;
    const body = line.endsWith("\\") ? line.slice(0, -1).trim() : line;
    if (pending) pending.args += ` ${body}`;
    else {
      const [keyword, ...rest] = body.split(/\s+/);
      pending = { keyword: keyword.toUpperCase(), args: rest.join(" "), line: i + 1 };
    }
    if (!line.endsWith("\\")) {
      out.push(pending);
      pending = null;
    }
  });
  return out;
}

const dockerfile = fs.readFileSync("Dockerfile", "utf8");
const all = instructions(dockerfile);
const args = new Map(all.filter((i) => i.keyword === "ARG").map((i) => i.args.split("=") as [string, string]));
const stages = all.reduce<Instruction[][]>((acc, i) => (i.keyword === "FROM" ? [...acc, [i]] : (acc.at(-1)?.push(i), acc)), []);
const runtime = stages.at(-1)!;
const named = (k: string) => runtime.filter((i) => i.keyword === k);

describe("Dockerfile", () => {
  it("has no error or warning from dockerfile-utils", () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("builds in three named stages on a pinned Debian 12 Node 20 image (DL3006, DL3007)", () => {
    expect(stages.map((s) => s[0].args)).toEqual(["node:${NODE_VERSION}-bookworm-slim AS deps", "node:${NODE_VERSION}-bookworm-slim AS build", "node:${NODE_VERSION}-bookworm-slim AS runtime"]);
    expect(args.get("NODE_VERSION")).toMatch(/^20\.\d+\.\d+$/); // a full version, never a moving tag
  });

  it("copies only from earlier stages and never ADDs (DL3022, DL3020)", () => {
    const names = stages.map((s) => s[0].args.split(/\s+AS\s+/i)[1]);
    const copies = all.filter((i) => i.keyword === "COPY" && i.args.includes("--from="));
    expect(copies.length).toBeGreaterThan(0); // the later stages copy from the earlier ones: a check over none would pass
    copies.forEach((i) => {
      const from = /--from=(\S+)/.exec(i.args)![1];
      const stageOf = stages.findIndex((s) => s.includes(i));
      expect(names.slice(0, stageOf), `line ${i.line}`).toContain(from);
    });
    expect(all.filter((i) => i.keyword === "ADD")).toEqual([]);
  });

  it("installs npm packages from the lockfile and apt packages pinned, without extras, lists removed (DL3016, DL3008, DL3015, DL3009)", () => {
    const runs = all.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs.filter((r) => /\bnpm (install|i)\b/.test(r))).toEqual([]);
    expect(runs.some((r) => r.includes("npm ci"))).toBe(true);
    const apt = runs.filter((r) => r.includes("apt-get install"));
    expect(apt).toHaveLength(1);
    for (const r of apt) {
      expect(r).toContain("--no-install-recommends");
      expect(r).toContain("-y");
      expect(r).toContain("rm -rf /var/lib/apt/lists/*");
      const packages = r.split("apt-get install")[1].split("&&")[0].split(/\s+/).filter((w) => w && !w.startsWith("-"));
      expect(packages.length).toBeGreaterThan(0);
      expect(packages.filter((p) => !/^[a-z0-9.+-]+=\S+$/.test(p))).toEqual([]);
    }
  });

  it("runs as the unprivileged node user, with an absolute WORKDIR (DL3002, DL3000)", () => {
    const users = named("USER");
    expect(users.map((u) => u.args)).toEqual(["node"]);
    expect(users[0].line).toBeLessThan(named("CMD")[0].line);
    const workdirs = all.filter((i) => i.keyword === "WORKDIR");
    expect(workdirs.length).toBeGreaterThan(0);
    workdirs.forEach((w) => expect(w.args).toMatch(/^\//));
  });

  it("checks health on /api/healthz and starts the standalone entry in JSON form (DL3025)", () => {
    const [health] = named("HEALTHCHECK");
    expect(health.args).toMatch(/--interval=\d+s/);
    expect(health.args).toContain("/api/healthz");
    expect(named("CMD").map((c) => JSON.parse(c.args))).toEqual([["node", "server.js"]]);
    // server.js in /app is .next/standalone/server.js of the build: the entry the HTTP integration suite runs.
    expect(named("WORKDIR").map((w) => w.args)).toEqual(["/app"]);
    expect(named("COPY").map((c) => c.args)).toContain("--from=build /app/.next/standalone ./");
  });

  it("keeps the data in a volume and sends no build leftovers or secrets into the build context", () => {
    expect(named("VOLUME").map((v) => JSON.parse(v.args))).toEqual([["/data"]]);
    expect(named("ENV").map((e) => e.args).join(" ")).toContain("FLEETPRINT_DATA_DIR=/data");
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", ".next", ".data", ".git", ".env"]));
  });
});

describe("compose.yaml", () => {
  const compose = parse(fs.readFileSync("compose.yaml", "utf8"), { merge: true }) as {
    services: Record<string, { image?: string; build?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; ports?: string[] }>;
  };
  const apps = Object.entries(compose.services).filter(([, s]) => s.build);

  it("runs two app instances on PostgreSQL 15, started once the database is healthy", () => {
    expect(apps.map(([name]) => name)).toEqual(["app-1", "app-2"]);
    expect(compose.services.db.image).toMatch(/^postgres:15[.-]/);
    for (const [, s] of apps) {
      expect(s.depends_on).toEqual({ db: { condition: "service_healthy" } });
      expect(s.environment!.DATABASE_URL).toMatch(/^postgres:\/\/fleetprint:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432\/fleetprint$/);
    }
    expect(new Set(apps.flatMap(([, s]) => s.ports)).size).toBe(2);
  });

  it("gives both instances the same secrets, each required rather than defaulted", () => {
    const [[, one], [, two]] = apps;
    expect(one.environment).toEqual(two.environment);
    for (const name of ["BETTER_AUTH_SECRET", "FLEETPRINT_ADMIN_TOKEN"]) expect(one.environment![name]).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    expect(one.environment!.FLEETPRINT_DEMO).toBe("0");
  });
});

describe("deploy/fleetprint.service", () => {
  const unit = fs.readFileSync("deploy/fleetprint.service", "utf8");
  const value = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]);

  it("starts the standalone entry as an unprivileged user with its data in the state folder", () => {
    expect(value("ExecStart")).toEqual(["/usr/bin/node /opt/fleetprint/server.js"]);
    expect(value("User")).toEqual(["fleetprint"]);
    expect(value("StateDirectory")).toEqual(["fleetprint"]);
    expect(value("Environment").join(" ")).toContain("FLEETPRINT_DATA_DIR=/var/lib/fleetprint");
    expect(value("Restart")).toEqual(["on-failure"]);
  });
});
