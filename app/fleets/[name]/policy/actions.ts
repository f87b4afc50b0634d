"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { z } from "zod";
import { formAction } from "@/lib/server/action";
import { badRequest } from "@/lib/server/errors";
import { fleetNameSchema, idParam, parseWith } from "@/lib/server/validate";
import { approvePolicyChange } from "@/lib/services/approve-policy-change";
import { rejectPolicyChange } from "@/lib/services/reject-policy-change";
import { policySchema, setFleetPolicy } from "@/lib/services/set-fleet-policy";

const fleetOf = (form: FormData) => parseWith(fleetNameSchema, form.get("fleet"));
const num = (form: FormData, key: string) => Number(form.get(key));
const done = (_r: unknown, _i: unknown, form: FormData) => {
  const fleet = fleetNameSchema.safeParse(form.get("fleet"));
  if (fleet.success) revalidatePath(`/fleets/${fleet.data}/policy`);
};

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

export const setPolicyAction = formAction({
  role: "admin",
  input: (form) => ({
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
  }),
  schema: policySchema,
  run: async (input, { me, actor }, form): Promise<PolicySaved> => {
    const r = await setFleetPolicy(await getDb(), me, actor, fleetOf(form), input);
    return { pending: r.pending !== null, message: r.message };
  },
  after: done,
});

export type PolicyDecision = { id: number; status: string };

export const decidePolicyChangeAction = formAction({
  role: "admin",
  input: (form) => ({ fleet: form.get("fleet"), id: String(form.get("id") ?? ""), approve: form.get("decision") === "approve" }),
  schema: z.object({ fleet: fleetNameSchema, id: z.string().transform((id) => idParam(id, "policy change")), approve: z.boolean() }),
  run: async ({ fleet, id, approve }, { me, actor }): Promise<PolicyDecision> => {
    const db = await getDb();
    const { change } = approve ? await approvePolicyChange(db, me, actor, fleet, id) : await rejectPolicyChange(db, me, actor, fleet, id, null);
    return { id, status: change.status };
  },
  after: done,
});
