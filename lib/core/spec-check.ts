// The editor's "Check": a spec text's problems, each at its line, so a person fixes them where they are.
import { parseSpec } from "./spec";
import { lineOfPath } from "./spec-yaml";
import type { Spec } from "./types";

export interface SpecError {
  message: string;
  /** 1-based line in the text; null when the problem is the whole document (empty, too large). */
  line: number | null;
}

export type SpecCheck = { ok: true; spec: Spec } | { ok: false; error: string; errors: SpecError[] };

export function checkSpec(source: string): SpecCheck {
  const parsed = parseSpec(source);
  if (parsed.ok) return parsed;
  const errors = parsed.problems.slice(0, 50).map((p) => ({ message: p.message, line: p.path.length || /at line \d+/.test(p.message) ? lineOfPath(source, p.path, p.message) : null }));
  const error = errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)).slice(0, 5).join("; ");
  return { ok: false, error, errors };
}
