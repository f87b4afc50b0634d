// A fast path in front of the report schema: the same rules as agentReportSchema, written as plain loops (the
// schema costs ~2.5 µs per entry, most of a report's parse time). It only ever says "valid"; anything it does
// not accept is handed to the schema, which decides and words the error. A unit test feeds both the same cases.
import { REPORT_LIMITS } from "./parse-report";
import type { AgentReport } from "./types";
import { SAFE_TEXT, SAFE_TOKEN } from "./unsafe-chars";

// One regex test per string: no control, bidirectional or unpaired surrogate characters (and no spaces in tokens).
const TOKEN = SAFE_TOKEN;
const NO_CONTROL = SAFE_TEXT;
const HOSTNAME = /^[A-Za-z0-9._-]+$/;
const MACHINE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DATETIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const MANAGERS = new Set(["dpkg", "rpm", "apk"]);

/** /^[0-9a-f]{64}$/ as a loop: a report tests ~1,000 of them, and the regex cost ~0.3 µs each. */
function isSha256Hex(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const token = (v: unknown, min: number, max: number) => typeof v === "string" && v.length >= min && v.length <= max && TOKEN.test(v);
const safePath = (v: unknown, max: number) => typeof v === "string" && v.length >= 1 && v.length <= max && SAFE_TEXT.test(v);

export function validOs(os: unknown): boolean {
  if (!isObject(os)) return false;
  return (
    token(os.id, 1, 64) &&
    token(os.versionId, 0, 64) &&
    typeof os.prettyName === "string" &&
    os.prettyName.length <= 256 &&
    NO_CONTROL.test(os.prettyName) &&
    (os.kernel === null || token(os.kernel, 1, 256)) &&
    token(os.arch, 1, 64)
  );
}

// A report of an image (agent --image) takes the schema's path, which checks and keeps its \`image\` field.
const noImage = (image: unknown) => image === undefined;

export function validPackage(p: unknown): boolean {
  return isObject(p) && typeof p.manager === "string" && MANAGERS.has(p.manager) && token(p.name, 1, 256) && token(p.version, 1, 256) && token(p.arch, 0, 64);
}

export function validConfig(c: unknown): boolean {
  if (!isObject(c)) return false;
  if (!safePath(c.path, REPORT_LIMITS.path) || !(c.path as string).startsWith("/")) return false;
  if (c.package !== undefined && !token(c.package, 1, 256)) return false;
  if (c.modified !== undefined && typeof c.modified !== "boolean") return false;
  if (c.type === "file") return c.sha256 === null || (typeof c.sha256 === "string" && isSha256Hex(c.sha256));
  if (c.type === "symlink") return c.sha256 === null && safePath(c.target, REPORT_LIMITS.path);
  return false;
}

/**
 * The per-host fields the agent writes on a report's first line (schema, agentVersion, hostname, machineId,
 * collectedAt), as the schema accepts them. Also read alone: an unchanged report's first line (read-report.ts).
 */
export function isValidReportHead(json: Record<string, unknown>): json is Record<string, unknown> & { machineId: string | null } {
  if (json.schema !== 1 || !token(json.agentVersion, 1, 32)) return false;
  if (typeof json.hostname !== "string" || json.hostname.length > REPORT_LIMITS.hostname || !HOSTNAME.test(json.hostname)) return false;
  if (json.machineId !== null && !(typeof json.machineId === "string" && MACHINE_ID.test(json.machineId))) return false;
  return typeof json.collectedAt === "string" && DATETIME.test(json.collectedAt);
}

/** True only for reports the schema accepts as they are; the caller runs the schema otherwise. */
export function isPlainValidReport(json: unknown): json is AgentReport {
  if (!isObject(json) || !isValidReportHead(json)) return false;
  if (!validOs(json.os) || !noImage(json.image)) return false;
  // Rare (a source the agent could not read): the schema checks and shapes them.
  if (json.collectorErrors !== undefined) return false;
  const { packages, configs } = json;
  if (!Array.isArray(packages) || packages.length > REPORT_LIMITS.packages || !packages.every(validPackage)) return false;
  if (!Array.isArray(configs) || configs.length > REPORT_LIMITS.configs || !configs.every(validConfig)) return false;
  const paths = new Set<string>();
  for (const c of configs as { path: string }[]) {
    if (paths.has(c.path)) return false;
    paths.add(c.path);
  }
  return true;
}
