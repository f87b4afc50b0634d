// YAML in and out for specs: a safe reader for parseSpec, and the renderer of the file a team keeps
// in git. Split from spec.ts to keep both readable.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, visit, type YAMLError } from "yaml";
import { compareStrings } from "./package-key";
import type { Spec } from "./types";

export interface SpecHeader {
  fleet: string;
  version?: number | string;
  /**
   * Where it came from. With capturedAt it names the golden host or image ("web-01") and the
   * first line reads "captured from web-01 on 2025-06-01"; without, it is a free phrase
   * ("upload") printed on a "# Source:" line of its own.
   */
  source?: string;
  capturedAt?: Date | string;
}

// Header values come from users; a newline in a fleet name must not escape the comment.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

function sortedRecord(rec: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(rec).sort(compareStrings)) out[key] = rec[key];
  return out;
}

function headerLines(h: SpecHeader): string {
  let line = `# Fleetprint spec for fleet ${oneLine(h.fleet)}`;
  if (h.version !== undefined && h.version !== "") line += `, version ${oneLine(String(h.version))}`;
  if (h.capturedAt) {
    const at = h.capturedAt instanceof Date ? h.capturedAt.toISOString().slice(0, 10) : oneLine(h.capturedAt);
    return `${line}${h.source ? `, captured from ${oneLine(h.source)}` : ", captured"} on ${at}`;
  }
  return h.source ? `${line}\n# Source: ${oneLine(h.source)}` : line;
}

const block = (value: Record<string, unknown>) => stringify(value, { lineWidth: 0, indent: 2 }).trimEnd();

/**
 * Readable YAML with a comment header and short explanations of each section; pins and files are
 * sorted so that two captures diff cleanly in git. parseSpec(renderSpecYaml(spec)) equals spec.
 */
export function renderSpecYaml(spec: Spec, header?: SpecHeader): string {
  const parts: string[] = [];
  if (header) parts.push(headerLines(header));
  parts.push(
    [
      "# packages.mode: exact = every installed package must be pinned; allow-extras = pinned packages are",
      '# required, others are fine. A pin is an exact version or "*" (any version).',
      '# configs.mode: exact = files not listed are unexpected; listed = only listed files are checked.',
      '# A file is a sha256, "*" (must exist, any content) or "symlink:<target>".',
    ].join("\n"),
  );
  if (spec.os && (spec.os.id || spec.os.versionId)) parts.push(block({ os: spec.os }));
  parts.push(block({ packages: { mode: spec.packages.mode, pins: sortedRecord(spec.packages.pins) } }));
  parts.push(block({ configs: { mode: spec.configs.mode, files: sortedRecord(spec.configs.files) } }));
  const waivers = (spec.waivers ?? []).map((w) => ({ ...w }));
  const waiverNote = waivers.length
    ? "\n# Waivers (mappings): drift of a package or path accepted for a reason, until the end of the day named (UTC)."
    : "";
  parts.push(`# Paths never compared: * within one path segment, ** across segments.${waiverNote}\n${block({ ignore: [...spec.ignore, ...waivers] })}`);
  return `${parts.join("\n\n")}\n`;
}

function yamlError(err: YAMLError): string {
  const pos = err.linePos?.[0];
  const what = err.message.split(/ at line \d+|\n/)[0];
  const hint = err.code === "BAD_ALIAS" ? ' (a bare * starts a YAML alias: write "*" in quotes)' : "";
  return `invalid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${what}${hint}`;
}

// Failsafe YAML reads an empty value, `~` and JSON null as strings: all mean "not given".
const EMPTY_SCALARS = new Set(["", "~", "null"]);
export const isEmptyScalar = (v: unknown) => typeof v === "string" && EMPTY_SCALARS.has(v.trim());

/**
 * YAML text → plain data, every scalar a string. yaml's own duplicate-key check compares every pair
 * of keys (100k pins took minutes), so it is off and duplicates are found here with a Set per map.
 */
export function readYaml(source: string): { value: unknown } | { error: string } {
  const lines = new LineCounter();
  const doc = parseDocument(source, { schema: "failsafe", uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length > 0) return { error: yamlError(doc.errors[0]) };
  let duplicate: string | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          const at = pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
          duplicate = `invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ""}: duplicate key "${key}"`;
          return visit.BREAK;
        }
        seen.add(key);
      }
    },
  });
  if (duplicate) return { error: duplicate };
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    // Alias bombs and similar: the document is well-formed but unreasonable to expand.
    return { error: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The 1-based line of a path into the document (["packages", "pins", "libssl3"], ["ignore", 3, "reason"]), or of
 * its nearest ancestor that exists there (a shorthand list has no "pins"); a YAML error names its own line.
 * The document is parsed once, on the first path asked about: a spec's problems are located together.
 */
export function lineLocator(source: string): (path: readonly (string | number)[], message?: string) => number | null {
  let parsed: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | null = null;
  return (path, message = "") => {
    const named = /at line (\d+)/.exec(message);
    if (named) return Number(named[1]);
    if (!parsed) {
      const lines = new LineCounter();
      parsed = { doc: parseDocument(source, { schema: "failsafe", uniqueKeys: false, lineCounter: lines }), lines };
    }
    const { doc, lines } = parsed;
    for (let n = path.length; n >= 1; n--) {
      // The key's own line (a mapping value starts on the next one); a list entry's first line.
      const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
      const key = path[n - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (pair && isScalar(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
      } else if (isSeq(parent) && typeof key === "number") {
        const item = parent.items[key] as { range?: [number, number, number] } | undefined;
        if (item?.range) return lines.linePos(item.range[0]).line;
      }
    }
    return null;
  };
}
