import "server-only";
import type { Db } from "@/db/client";
import { checkSpec } from "@/lib/core/spec-check";
import { badRequestWith } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { commitSpecEdit } from "./edit-spec";

export interface EditTextInput {
  yaml: string;
  note?: string | null;
  baseVersion?: number | null;
  dryRun?: boolean;
}

/**
 * The browser editor: YAML typed by a person. Problems come back each with its line (400, error.errors); a dry
 * run answers the diff against the current version; a save keeps the text as typed, comments included.
 */
export async function editSpecText(db: Db, actor: Actor, fleetName: string, input: EditTextInput, now = new Date()) {
  const checked = checkSpec(input.yaml);
  if (!checked.ok) throw badRequestWith(`Spec is not valid: ${checked.error}`, { errors: checked.errors });
  return commitSpecEdit(
    db,
    actor,
    fleetName,
    { source: "edit", note: input.note ?? null, baseVersion: input.baseVersion, dryRun: input.dryRun, build: () => checked.spec, yaml: () => input.yaml },
    now,
  );
}
