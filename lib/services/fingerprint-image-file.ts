import "server-only";
// An image archive on disk to its report, by the agent itself (`fleetprint-agent --image FILE --print`): the rules
// for unpacking layers and reading packages and configs live in one place, the agent, and the server runs them.
import { spawn } from "node:child_process";
import path from "node:path";
import { BASE_ENV } from "@/lib/core/child-env";
import { parseReport } from "@/lib/core/parse-report";
import type { AgentReport } from "@/lib/core/types";
import { REPORT_LIMIT } from "@/lib/server/body-limits";
import { AppError, badRequest } from "@/lib/server/errors";

const STDERR_LIMIT = 64 * 1024;
/** A large image unpacks and hashes in a minute or two; past this the upload is answered rather than left hanging. */
export const IMAGE_TIMEOUT_MS = 10 * 60_000;

export interface AgentRun {
  /** The agent script (default: agent/fleetprint-agent.sh of this installation). */
  script?: string;
  timeoutMs?: number;
  /** A multi-platform image: the platform to read (OS/ARCH[/VARIANT], already checked; the agent's default linux/amd64). */
  platform?: string;
}

/** The agent's last words, for the error a person reads (it prints one line per problem on stderr). */
const lastLine = (s: string) => s.trim().split("\n").filter(Boolean).pop()?.slice(0, 500) ?? "";

export async function fingerprintImageFile(file: string, run: AgentRun = {}): Promise<AgentReport> {
  const script = run.script ?? path.join(process.cwd(), "agent", "fleetprint-agent.sh");
  const timeoutMs = run.timeoutMs ?? IMAGE_TIMEOUT_MS;
  // Only what a program needs to run: the server's secrets stay out of the agent's environment.
  const env: Record<string, string> = {};
  for (const name of BASE_ENV) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  // Its own process group, so a timeout stops the tar and find it started too.
  const args = [script, "--image", file, "--print", ...(run.platform ? ["--platform", run.platform] : [])];
  const child = spawn("sh", args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const out: Buffer[] = [];
  let outBytes = 0;
  let err = "";
  let problem: AppError | null = null;
  const stop = (e: AppError) => {
    problem ??= e;
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  const timer = setTimeout(() => stop(badRequest(`Fingerprinting the image took longer than ${Math.round(timeoutMs / 1000)} s; run \`fleetprint-agent --image FILE.tar --print\` in CI and upload its JSON instead.`)), timeoutMs);
  child.stdout.on("data", (c: Buffer) => {
    outBytes += c.length;
    if (outBytes > REPORT_LIMIT) return stop(new AppError("payload_too_large", `The image's report exceeds ${REPORT_LIMIT} bytes, the limit of any report.`));
    out.push(c);
  });
  child.stderr.on("data", (c: Buffer) => {
    if (err.length < STDERR_LIMIT) err += c.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  }).finally(() => clearTimeout(timer));
  if (problem) throw problem;
  if (code !== 0) throw badRequest(`The image could not be fingerprinted (agent exit ${code}): ${lastLine(err) || "no message"}. Upload an OCI layout or a \`docker save\` archive as a tar.`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(out).toString("utf8"));
  } catch {
    throw new Error(`fleetprint-agent --image printed no JSON: ${lastLine(err)}`);
  }
  const parsed = parseReport(json);
  if (!parsed.ok) throw new Error(`fleetprint-agent --image printed a report this server refuses: ${parsed.error}`);
  return parsed.report;
}
