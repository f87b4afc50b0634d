"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { requireActionRole } from "@/lib/server/auth";
import { badRequest } from "@/lib/server/errors";
import { fleetNameSchema, idParam, parseWith } from "@/lib/server/validate";
import { approvePolicyChange } from "@/lib/services/approve-policy-change";
import { rejectPolicyChange } from "@/lib/services/reject-policy-change";
import { policySchema, setFleetPolicy } from "@/lib/services/set-fleet-policy";

const fleetOf = (form: FormData) => parseWith(fleetNameSchema, form.get("fleet"));
const num = (form: FormData, key: string) => Number(form.get(key));
const done = (fleet: string) => revalidatePath(`/fleets/${fleet}/policy`);

/** The provider box holds the config as JSON; empty means no provider (rebuilds stop); absent means unchanged. */
function providerOf(form: FormData): unknown {
  if (!form.has("provider")) return undefined;
  const text = String(form.get("provider")).trim();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`provider: not valid JSON (${(e as Error).message})`);
  }
}

/** Empty means the product default (null); absent (an older form) means unchanged. */
function thresholdOf(form: FormData): number | null | undefined {
  if (!form.has("snowflakeThreshold")) return undefined;
  const text = String(form.get("snowflakeThreshold")).trim();
  return text ? Number(text) : null;
}

export type PolicySaved = { pending: boolean; message: string | null };

export async function setPolicyAction(_prev: ActionResult<PolicySaved> | null, form: FormData): Promise<ActionResult<PolicySaved>> {
  const { me, actor } = await requireActionRole("admin");
  const fleet = fleetOf(form);
  const result = await attempt(async () => {
    const input = parseWith(policySchema, {
      approvalsRequired: num(form, "approvalsRequired"),
      autoRebuild: form.get("autoRebuild") === "on",
      batchSize: num(form, "batchSize"),
      canary: form.get("canary") === "on",
      requestTtlHours: num(form, "requestTtlHours"),
      verifyMinutes: num(form, "verifyMinutes"),
      rebuildAttempts: num(form, "rebuildAttempts"),
      provider: providerOf(form),
      reportingIntervalMinutes: num(form, "reportingIntervalMinutes"),
      snowflakeThreshold: thresholdOf(form),
      collectContent: form.get("collectContent") === "on",
    });
    const r = await setFleetPolicy(await getDb(), me, actor, fleet, input);
    return { pending: r.pending !== null, message: r.message };
  });
  done(fleet);
  return result;
}

export type PolicyDecision = { id: number; status: string };

export async function decidePolicyChangeAction(_prev: ActionResult<PolicyDecision> | null, form: FormData): Promise<ActionResult<PolicyDecision>> {
  const { me, actor } = await requireActionRole("admin");
  const fleet = fleetOf(form);
  const result = await attempt(async () => {
    const id = idParam(String(form.get("id") ?? ""), "policy change");
    const db = await getDb();
    const { change } = form.get("decision") === "approve" ? await approvePolicyChange(db, me, actor, fleet, id) : await rejectPolicyChange(db, me, actor, fleet, id, null);
    return { id, status: change.status };
  });
  done(fleet);
  return result;
}
