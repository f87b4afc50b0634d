// What the spec editing server actions answer, as the client components see it (actions arrive as props).
import type { DriftKind } from "@/lib/core/types";
import type { SpecError } from "@/lib/core/spec-check";

export type { SpecError };

export interface EditPreview {
  dryRun: boolean;
  baseVersion: number | null;
  version: number;
  yaml: string;
  summary: string;
  lines: string[];
}

/** ok with a value, or a message a person can act on (and a spec's problems at their lines). */
export type SpecActionResult<T = EditPreview> = { ok: true; value: T } | { ok: false; error: string; errors?: SpecError[] };

export interface ItemRef {
  kind: DriftKind;
  subject: string;
}

export interface SpecActions {
  adopt: (input: { fleet: string; hostname: string; items?: ItemRef[]; baseVersion?: number | null; dryRun: boolean; note?: string }) => Promise<SpecActionResult>;
  waive: (input: { fleet: string; kind: DriftKind; subject: string; reason: string; until?: string | null; baseVersion?: number | null; dryRun: boolean }) => Promise<SpecActionResult>;
}
