// The editor's "Check": a spec text's problems, each at its line, so a person fixes them where they are.
import { parseSpec, type SpecProblem } from "./spec";
import { lineLocator } from "./spec-yaml";
import type { Spec } from "./types";

export interface SpecError {
  message: string;
  /** 1-based line in the text; null when the problem is the whole document (empty, too large). */
  line: number | null;
}

export type SpecCheck = { ok: true; spec: Spec } | { ok: false; error: string; errors: SpecError[] };

/** parseSpec's problems at their lines (the first 50): for callers that already parsed the text. */
export function specErrors(source: string, problems: readonly SpecProblem[]): SpecError[] {
  const lineOf = lineLocator(source);
  return problems.slice(0, 50).map((p) => ({ message: p.message, line: p.path.length || /at line \d+/.test(p.message) ? lineOf(p.path, p.message) : null }));
}

export function checkSpec(source: string): SpecCheck {
  const parsed = parseSpec(source);
  if (parsed.ok) return parsed;
  const errors = specErrors(source, parsed.problems);
  const error = errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)).slice(0, 5).join("; ");
  return { ok: false, error, errors };
}
