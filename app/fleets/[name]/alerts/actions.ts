"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { formAction } from "@/lib/server/action";
import { createChannelSchema } from "@/lib/server/alert-schemas";
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
/** The fleet's alerts page shows the outcome (a failed test updates the channel's last status too). */
const done = (_r: unknown, _i: unknown, form: FormData) => {
  const fleet = fleetNameSchema.safeParse(form.get("fleet"));
  if (fleet.success) revalidatePath(`/fleets/${fleet.data}/alerts`);
};
/** The row forms post the fleet and the channel's id. */
const channelForm = {
  input: (form: FormData) => ({ fleet: form.get("fleet"), id: String(form.get("id") ?? "") }),
  schema: z.object({ fleet: fleetNameSchema, id: z.string().transform((id) => idParam(id, "alert channel")) }),
};

/** `warnings`: named environment variables not set on this server (saved anyway; see lib/core/env-check.ts). */
type Created = { name: string; warnings: string[] };

export const createChannelAction = formAction({
  role: "admin",
  input: (form) => {
    const target = text(form, "target");
    return {
      name: text(form, "name") ?? "",
      kind: form.get("kind"),
      // One field in the form: a URL, or the name of the environment variable that holds it.
      ...(target && /^https?:\/\//i.test(target) ? { url: target } : { urlEnv: target }),
      secretEnv: text(form, "secretEnv"),
      events: form.getAll("events"),
      groupSeconds: Number(text(form, "groupSeconds") ?? 60),
    };
  },
  schema: createChannelSchema,
  run: async (input, { actor }, form): Promise<Created> => {
    const c = await createAlertChannel(await getDb(), actor, fleetOf(form), input);
    return { name: c.name, warnings: c.warnings };
  },
  after: done,
});

export const setChannelEnabledAction = formAction({
  role: "admin",
  ...channelForm,
  run: async ({ fleet, id }, { actor }, form) => {
    await updateAlertChannel(await getDb(), actor, fleet, id, { enabled: form.get("enabled") === "true" });
    return undefined;
  },
  after: done,
});

export const deleteChannelAction = formAction({
  role: "admin",
  ...channelForm,
  run: async ({ fleet, id }, { actor }) => {
    await deleteAlertChannel(await getDb(), actor, fleet, id);
    return undefined;
  },
  after: done,
});

export type TestOutcome = { status: string; lastStatus: number | null; lastError: string | null };

export const testChannelAction = formAction({
  role: "admin",
  ...channelForm,
  run: async ({ fleet, id }, { actor }): Promise<TestOutcome> => {
    const d = await sendTestAlert(await getDb(), actor, fleet, id, { baseUrl: process.env.FLEETPRINT_URL || (await requestOrigin()) });
    return { status: d.status, lastStatus: d.lastStatus, lastError: d.lastError };
  },
  after: done,
});
