import "server-only";
import type { Db } from "@/db/client";
import { parseSpec, renderSpecYaml } from "@/lib/core/spec";
import { specErrors } from "@/lib/core/spec-check";
import { badRequestWith } from "@/lib/server/errors";
import { type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { afterSpecSaved, saveSpec } from "./save-spec";

/** Saves an uploaded spec (YAML or JSON). The text is kept as sent when it is YAML, so comments survive. */
export async function putSpec(db: Db, actor: Actor, fleetName: string, text: string, now = new Date()) {
  const parsed = parseSpec(text);
  // The message stays one sentence; error.errors adds each problem's line for editors.
  if (!parsed.ok) throw badRequestWith(`Spec is not valid: ${parsed.error}`, { errors: specErrors(text, parsed.problems) });
  const result = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const isJson = text.trimStart().startsWith("{");
    const yaml = (version: number) => (isJson ? renderSpecYaml(parsed.spec, { fleet: fleet.name, version, source: "uploaded as JSON" }) : text);
    const version = await saveSpec(tx, actor, fleet, parsed.spec, yaml, "upload", { now });
    return { fleetId: fleet.id, version };
  });
  await afterSpecSaved(db, result.fleetId, now);
  return { version: result.version };
}
