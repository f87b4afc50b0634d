"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { attempt, type ActionResult } from "@/lib/server/action-result";
import { createChannelSchema } from "@/lib/server/alert-schemas";
import { requireActionRole } from "@/lib/server/auth";
import { fleetNameSchema, idParam, parseWith } from "@/lib/server/validate";
import { createAlertChannel } from "@/lib/services/create-alert-channel";
import { deleteAlertChannel } from "@/lib/services/delete-alert-channel";
import { sendTestAlert } from "@/lib/services/send-test-alert";
import { updateAlertChannel } from "@/lib/services/update-alert-channel";
import { requestOrigin } from "@/lib/server/page-origin";

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
};
const fleetOf = (form: FormData) => parseWith(fleetNameSchema, form.get("fleet"));
const channelOf = (form: FormData) => idParam(String(form.get("id") ?? ""), "alert channel");
const done = (fleet: string) => revalidatePath(`/fleets/${fleet}/alerts`);

/** `warnings`: named environment variables not set on this server (saved anyway; see lib/core/env-check.ts). */
type Created = { name: string; warnings: string[] };

export async function createChannelAction(_prev: ActionResult<Created> | null, form: FormData): Promise<ActionResult<Created>> {
  const { actor } = await requireActionRole("admin");
  const fleet = fleetOf(form);
  const result = await attempt(async () => {
    const target = text(form, "target");
    const input = parseWith(createChannelSchema, {
      name: text(form, "name") ?? "",
      kind: form.get("kind"),
      // One field in the form: a URL, or the name of the environment variable that holds it.
      ...(target && /^https?:\/\//i.test(target) ? { url: target } : { urlEnv: target }),
      secretEnv: text(form, "secretEnv"),
      events: form.getAll("events"),
      groupSeconds: Number(text(form, "groupSeconds") ?? 60),
    });
    const c = await createAlertChannel(await getDb(), actor, fleet, input);
    return { name: c.name, warnings: c.warnings };
  });
  done(fleet);
  return result;
}

export async function setChannelEnabledAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const { actor } = await requireActionRole("admin");
  const fleet = fleetOf(form);
  const result = await attempt(async () => {
    await updateAlertChannel(await getDb(), actor, fleet, channelOf(form), { enabled: form.get("enabled") === "true" });
    return undefined;
  });
  done(fleet);
  return result;
}

export async function deleteChannelAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const { actor } = await requireActionRole("admin");
  const fleet = fleetOf(form);
  const result = await attempt(async () => {
    await deleteAlertChannel(await getDb(), actor, fleet, channelOf(form));
    return undefined;
  });
  done(fleet);
  return result;
}

export type TestOutcome = { status: string; lastStatus: number | null; lastError: string | null };

export async function testChannelAction(_prev: ActionResult<TestOutcome> | null, form: FormData): Promise<ActionResult<TestOutcome>> {
  const { actor } = await requireActionRole("admin");
  const fleet = fleetOf(form);
  const origin = await requestOrigin();
  const result = await attempt(async () => {
    const d = await sendTestAlert(await getDb(), actor, fleet, channelOf(form), { baseUrl: process.env.FLEETPRINT_URL || origin });
    return { status: d.status, lastStatus: d.lastStatus, lastError: d.lastError };
  });
  done(fleet);
  return result;
}
