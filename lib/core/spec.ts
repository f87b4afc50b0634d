// Specs: parse (YAML or JSON, validated), capture from a golden host, render back to YAML.
import { z } from "zod";
import { compileGlobs } from "./glob";
import { DEFAULT_IGNORE } from "./host-specific";
import { compareStrings, configValue, indexPackages, UNREADABLE } from "./package-key";
import { isEmptyScalar, readYaml } from "./spec-yaml";
import type { Fingerprint, Spec } from "./types";
import { splitIgnore } from "./waiver-schema";
import { PACKAGE_NAME } from "./waivers";

export { DEFAULT_IGNORE } from "./host-specific";
export { renderSpecYaml, type SpecHeader } from "./spec-yaml";

export const MAX_SPEC_ENTRIES = 100_000;
export const MAX_IGNORE_RULES = 10_000;
export const MAX_SPEC_BYTES = 64 * 1024 * 1024;

// Debian (epoch:upstream-revision with ~ and +), rpm (incl. ^) and apk versions; "=" and "," stay out
// because the list shorthand and multi-version values use them.
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+~:_^-]*$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;

const PIN_MSG = 'must be a version string or "*"';
const FILE_MSG = 'must be a sha256 hex digest, "*", or "symlink:<target>"';

export function isValidPin(value: string): boolean {
  return value === "*" || VERSION.test(value);
}

export function isValidFileValue(value: string): boolean {
  return value === "*" || SHA256.test(value) || (value.startsWith("symlink:") && value.length > "symlink:".length);
}

function limitedRecord(value: z.ZodType<string, string>, keyOk: (key: string) => boolean, keyMsg: string) {
  return z.record(z.string(), value, { error: "must be a mapping" }).superRefine((rec, ctx) => {
    const keys = Object.keys(rec);
    if (keys.length > MAX_SPEC_ENTRIES) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_SPEC_ENTRIES} entries (found ${keys.length})` });
      return;
    }
    for (const key of keys) if (!keyOk(key)) ctx.addIssue({ code: "custom", path: [key], message: keyMsg });
  });
}

const pinValue = z.string({ error: PIN_MSG }).refine(isValidPin, { error: PIN_MSG });
const fileValue = z
  .string({ error: FILE_MSG })
  .refine(isValidFileValue, { error: FILE_MSG })
  .transform((v) => (SHA256.test(v) ? v.toLowerCase() : v));
const text = z.string({ error: "must be a string" }).min(1, { error: "must not be empty" });

const specSchema = z.strictObject(
  {
    os: z.strictObject({ id: text.optional(), versionId: text.optional() }, { error: "must be a mapping" }).optional(),
    packages: z
      .strictObject(
        {
          mode: z.enum(["exact", "allow-extras"], { error: 'must be "exact" or "allow-extras"' }).default("allow-extras"),
          pins: limitedRecord(pinValue, (k) => PACKAGE_NAME.test(k), 'not a package name (expected "name" or "name:arch")').default(() => ({})),
        },
        { error: "must be a mapping with mode and pins, or a list of packages" },
      )
      .default(() => ({ mode: "allow-extras" as const, pins: {} })),
    configs: z
      .strictObject(
        {
          mode: z.enum(["exact", "listed"], { error: 'must be "exact" or "listed"' }).default("listed"),
          files: limitedRecord(fileValue, (k) => k.startsWith("/") && !/[\0\n]/.test(k), "must be an absolute path").default(() => ({})),
        },
        { error: "must be a mapping with mode and files, or a list of paths" },
      )
      .default(() => ({ mode: "listed" as const, files: {} })),
    // Strings are path globs, mappings are waivers (lib/core/waivers.ts): checked entry by entry after this schema.
    ignore: z
      .array(z.unknown(), { error: "must be a list of path globs" })
      .max(MAX_IGNORE_RULES, { error: `at most ${MAX_IGNORE_RULES} rules` })
      .default(() => [...DEFAULT_IGNORE]),
  },
  { error: "a spec must be a mapping with packages, configs, ignore and os" },
);

const ALLOWED_FIELDS: Record<string, string> = {
  "": "os, packages, configs, ignore",
  os: "id, versionId",
  packages: "mode, pins",
  configs: "mode, files",
};

/** Where a problem is, as a path into the document ("packages", "pins", "libssl3"), for mapping it to a line. */
export type SpecProblem = { path: (string | number)[]; message: string };
type ParseResult = { ok: true; spec: Spec } | { ok: false; error: string; problems: SpecProblem[] };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === "number" ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)), "");
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const names = issue.keys.map((k) => `"${k}"`).join(", ");
    const allowed = ALLOWED_FIELDS[where];
    return `${where ? `${where}: ` : ""}unknown field ${names}${allowed ? ` (expected ${allowed})` : ""}`;
  }
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** An unknown field is located at the field itself, not at the mapping holding it. */
function problemPath(issue: z.core.$ZodIssue): (string | number)[] {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  return issue.code === "unrecognized_keys" && issue.keys.length > 0 ? [...path, issue.keys[0]] : path;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Shorthand lists become the long form: `packages: [apache2, "php8.2=8.2.29-1~deb12u1"]` pins apache2
 * to any version and php8.2 to one; `configs: [/etc/apache2/apache2.conf]` requires the file to exist.
 * An empty value (`packages:` or `pins:` with nothing after it, `~`, JSON null) means "use the default".
 */
function expandShorthand(raw: Record<string, unknown>): { value: Record<string, unknown> } | { error: string; path: (string | number)[] } {
  // fromEntries defines own properties: a "__proto__" key stays a key (and fails as unknown field).
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(raw).filter(([, v]) => !isEmptyScalar(v)));
  for (const section of ["os", "packages", "configs"]) {
    const value = out[section];
    if (isPlainObject(value)) out[section] = Object.fromEntries(Object.entries(value).filter(([, v]) => !isEmptyScalar(v)));
  }
  if (Array.isArray(out.packages)) {
    if (out.packages.length > MAX_SPEC_ENTRIES) return { error: `packages: at most ${MAX_SPEC_ENTRIES} entries`, path: ["packages"] };
    const pins: Record<string, string> = {};
    for (const [i, item] of out.packages.entries()) {
      const eq = typeof item === "string" ? item.indexOf("=") : -1;
      const name = typeof item === "string" ? (eq < 0 ? item : item.slice(0, eq)).trim() : "";
      const version = typeof item === "string" && eq >= 0 ? item.slice(eq + 1).trim() : "*";
      if (!PACKAGE_NAME.test(name) || !isValidPin(version)) {
        return { error: `packages[${i}]: must be "name" or "name=version" (found ${JSON.stringify(item)})`, path: ["packages", i] };
      }
      if (Object.hasOwn(pins, name)) return { error: `packages[${i}]: ${name} is listed twice`, path: ["packages", i] };
      pins[name] = version;
    }
    out.packages = { pins };
  }
  if (Array.isArray(out.configs)) {
    if (out.configs.length > MAX_SPEC_ENTRIES) return { error: `configs: at most ${MAX_SPEC_ENTRIES} entries`, path: ["configs"] };
    const files: Record<string, string> = {};
    for (const [i, item] of out.configs.entries()) {
      if (typeof item !== "string" || !item.startsWith("/")) return { error: `configs[${i}]: must be an absolute path (found ${JSON.stringify(item)})`, path: ["configs", i] };
      files[item] = "*";
    }
    out.configs = { files };
  }
  return { value: out };
}

/**
 * Parse a spec written in YAML or JSON (YAML is a superset). Scalars are read with YAML's failsafe
 * schema, so `1.10` stays the version "1.10" (not the number 1.1) and `versionId: 12` is "12".
 * Defaults: packages.mode "allow-extras", configs.mode "listed", ignore DEFAULT_IGNORE. An explicit
 * `ignore` list replaces the defaults rather than adding to them, so any default can be dropped.
 */
export function parseSpec(source: string): ParseResult {
  const fail = (error: string, problems: SpecProblem[] = [{ path: [], message: error }]): ParseResult => ({ ok: false, error, problems });
  if (source.length > MAX_SPEC_BYTES) return fail(`spec is larger than ${MAX_SPEC_BYTES} bytes`);
  const read = readYaml(source);
  if ("error" in read) return fail(read.error);
  const raw = read.value;
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "")) return fail("spec is empty");
  if (typeof raw !== "object" || Array.isArray(raw)) return fail("a spec must be a mapping with packages, configs, ignore and os");
  const expanded = expandShorthand(raw as Record<string, unknown>);
  if ("error" in expanded) return fail(expanded.error, [{ path: expanded.path, message: expanded.error }]);

  const result = specSchema.safeParse(expanded.value);
  const split = result.success ? splitIgnore(result.data.ignore) : null;
  if (!result.success || split!.issues.length > 0) {
    const problems: SpecProblem[] = result.success
      ? split!.issues.map((i) => ({ path: ["ignore", ...i.path], message: `${formatPath(["ignore", ...i.path])}: ${i.message}` }))
      : result.error.issues.map((i) => ({ path: problemPath(i), message: formatIssue(i) }));
    const shown = problems.slice(0, 5).map((p) => p.message);
    if (problems.length > 5) shown.push(`and ${problems.length - 5} more problems`);
    return fail(shown.join("; "), problems);
  }
  const data = result.data;
  const spec: Spec = {
    packages: { mode: data.packages.mode, pins: data.packages.pins },
    configs: { mode: data.configs.mode, files: data.configs.files },
    ignore: [...new Set(split!.ignore)],
  };
  if (split!.waivers.length > 0) spec.waivers = split!.waivers;
  const os = compactOs(data.os);
  if (os) spec.os = os;
  return { ok: true, spec };
}

function compactOs(os: { id?: string; versionId?: string } | undefined): Spec["os"] {
  if (!os) return undefined;
  const out: NonNullable<Spec["os"]> = {};
  if (os.id) out.id = os.id;
  if (os.versionId) out.versionId = os.versionId;
  return out.id || out.versionId ? out : undefined;
}

export interface CaptureOptions {
  /** Default "exact": a golden host is a complete inventory. */
  packagesMode?: Spec["packages"]["mode"];
  /** Default "exact". */
  configsMode?: Spec["configs"]["mode"];
  /** Default DEFAULT_IGNORE; ignored paths are not captured. */
  ignore?: readonly string[];
  /** Record os id/versionId (default true). */
  os?: boolean;
}

/**
 * Golden-host capture: every package pinned to its exact version, every config file's hash
 * ("symlink:<target>" for symlinks), default ignores. Values a spec cannot pin exactly fall back
 * to "*": several versions of one key (rpm kernels) and files the agent could not read.
 */
export function specFromFingerprint(fp: Fingerprint, opts: CaptureOptions = {}): Spec {
  const ignore = [...new Set(opts.ignore ?? DEFAULT_IGNORE)];
  const isIgnored = compileGlobs(ignore);
  const pins: Record<string, string> = {};
  const index = indexPackages(fp);
  for (const key of [...index.keys()].sort(compareStrings)) {
    const version = index.get(key)!;
    pins[key] = isValidPin(version) ? version : "*";
  }
  const files: Record<string, string> = {};
  for (const c of [...fp.configs].sort((a, b) => compareStrings(a.path, b.path))) {
    if (isIgnored(c.path)) continue;
    const value = configValue(c);
    files[c.path] = value === UNREADABLE || !isValidFileValue(value) ? "*" : value;
  }
  const spec: Spec = {
    packages: { mode: opts.packagesMode ?? "exact", pins },
    configs: { mode: opts.configsMode ?? "exact", files },
    ignore,
  };
  const os = opts.os === false ? undefined : compactOs({ id: fp.os.id, versionId: fp.os.versionId });
  if (os) spec.os = os;
  return spec;
}
