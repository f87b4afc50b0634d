// The agent's report (schema 1) as a zod schema with limits, and a parser whose errors name
// the field a person has to fix ("packages[3].version: required").
import { z } from "zod";
import { imageFieldSchema } from "./image-schema";
import { isPlainValidReport } from "./report-fast-check";
import { SAFE_TOKEN, safeText } from "./unsafe-chars";
import type { AgentReport } from "./types";

export const REPORT_LIMITS = {
  hostname: 253,
  packages: 50_000,
  configs: 200_000,
  path: 4096,
  collectorErrors: 10,
  collectorMessage: 500,
  /** Issues listed in one error message; the rest are counted. */
  issuesShown: 5,
} as const;

/** A schema-level message that still says "required" when the field is missing. */
const orRequired = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? "required" : message);

/** Names, versions and arches are single tokens in dpkg, rpm and apk alike. */
const token = (max: number, what: string) =>
  safeText()
    .max(max, `at most ${max} characters`)
    .regex(SAFE_TOKEN, `${what} must not contain spaces`);

const absolutePath = safeText()
  .min(1, "must not be empty")
  .max(REPORT_LIMITS.path, `at most ${REPORT_LIMITS.path} characters`)
  .regex(/^\//, "must be an absolute path (start with /)");

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (sha256)");

export const packageSchema = z.object({
  manager: z.enum(["dpkg", "rpm", "apk"], { error: orRequired("must be one of dpkg, rpm, apk") }),
  name: token(256, "name").min(1, "must not be empty"),
  version: token(256, "version").min(1, "must not be empty"),
  arch: token(64, "arch"),
});

const configCommon = {
  path: absolutePath,
  package: token(256, "package").min(1, "must not be empty").optional(),
  modified: z.boolean().optional(),
};

export const configEntrySchema = z.discriminatedUnion(
  "type",
  [
    z.object({ ...configCommon, type: z.literal("file"), sha256: sha256.nullable() }),
    z.object({
      ...configCommon,
      type: z.literal("symlink"),
      sha256: z.null({ error: orRequired("must be null for a symlink") }),
      target: safeText(z.string({ error: "required for a symlink (the link text)" }))
        .min(1, "must not be empty")
        .max(REPORT_LIMITS.path, `at most ${REPORT_LIMITS.path} characters`),
    }),
  ],
  { error: 'must be "file" or "symlink"' },
);

export const osFactsSchema = z.object({
  id: token(64, "id").min(1, "must not be empty"),
  versionId: token(64, "versionId"),
  prettyName: safeText().max(256, "at most 256 characters"),
  kernel: token(256, "kernel").min(1, "must not be empty").nullable(),
  arch: token(64, "arch").min(1, "must not be empty"),
});

export const collectorErrorSchema = z.object({
  collector: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "1-32 lowercase letters, digits, '_' or '-' (dpkg, apk, rpm, configs)"),
  message: safeText()
    .min(1, "must not be empty")
    .max(REPORT_LIMITS.collectorMessage, `at most ${REPORT_LIMITS.collectorMessage} characters`),
});

export const agentReportSchema = z
  .object({
    schema: z.literal(1, { error: orRequired("unsupported schema version: this server reads schema 1") }),
    agentVersion: token(32, "agentVersion").min(1, "must not be empty"),
    hostname: safeText()
      .min(1, "must not be empty")
      .max(REPORT_LIMITS.hostname, `at most ${REPORT_LIMITS.hostname} characters`)
      .regex(/^[A-Za-z0-9._-]+$/, "only letters, digits, '.', '_' and '-' are allowed"),
    machineId: safeText()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/, "1-128 letters, digits, '.', '_', ':' or '-'")
      .nullable(),
    collectedAt: z.iso.datetime({ offset: true, error: orRequired("must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z") }),
    os: osFactsSchema,
    packages: z.array(packageSchema).max(REPORT_LIMITS.packages, `at most ${REPORT_LIMITS.packages} packages`),
    configs: z.array(configEntrySchema).max(REPORT_LIMITS.configs, `at most ${REPORT_LIMITS.configs} config entries`),
    // Written by `fleetprint-agent --image FILE --print` (POST /api/v1/images reads it; the fingerprint ignores it).
    image: imageFieldSchema.optional(),
    collectorErrors: z
      .array(collectorErrorSchema)
      .max(REPORT_LIMITS.collectorErrors, `at most ${REPORT_LIMITS.collectorErrors} entries`)
      .nullish(),
  })
  .superRefine((report, ctx) => {
    // A path twice would make the fingerprint ambiguous.
    const seen = new Map<string, number>();
    report.configs.forEach((entry, i) => {
      const first = seen.get(entry.path);
      if (first === undefined) seen.set(entry.path, i);
      else ctx.addIssue({ code: "custom", path: ["configs", i, "path"], message: `duplicate of configs[${first}].path` });
    });
  });

export type ParsedReport = z.output<typeof agentReportSchema>;
// Compile-time guard: whatever the schema accepts is a valid shared AgentReport. (The schema is
// the stricter of the two: a symlink entry must carry a target and a null sha256.)
type Assignable<A, B> = [A] extends [B] ? true : false;
const schemaFitsType: Assignable<ParsedReport, AgentReport> = true;
void schemaFitsType;

export type ParseReportResult = { ok: true; report: AgentReport } | { ok: false; error: string };

/** "packages[3].version" from ["packages", 3, "version"]. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += (out ? "." : "") + String(key);
  }
  return out || "(report)";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

// Messages for the checks the schema does not word itself.
const explain: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "required";
    return `expected ${issue.expected === "object" ? "an object" : issue.expected}, got ${describe(issue.input)}`;
  }
  if (issue.code === "too_big" && issue.origin === "string") return `at most ${issue.maximum} characters`;
  if (issue.code === "too_small" && issue.origin === "string") return issue.minimum === 1 ? "must not be empty" : `at least ${issue.minimum} characters`;
  return undefined;
};

export function parseReport(json: unknown): ParseReportResult {
  // A report naming an image goes through the schema, which checks and keeps that field (the fast path takes
  // only reports without one).
  if (isPlainValidReport(json)) {
    // Known top-level fields only, as the schema would keep (entries are rebuilt field by field downstream).
    const { schema, agentVersion, hostname, machineId, collectedAt, os, packages, configs } = json;
    const { id, versionId, prettyName, kernel, arch } = os;
    const report: AgentReport = { schema, agentVersion, hostname, machineId, collectedAt, os: { id, versionId, prettyName, kernel, arch }, packages, configs };
    return { ok: true, report };
  }
  const result = agentReportSchema.safeParse(json, { error: explain });
  if (result.success) return { ok: true, report: result.data };
  const issues = result.error.issues;
  const shown = issues.slice(0, REPORT_LIMITS.issuesShown).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  const more = issues.length - shown.length;
  return { ok: false, error: shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "") };
}
