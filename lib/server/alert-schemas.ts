import "server-only";
import { z } from "zod";
import { ALERT_KINDS, CHANNEL_KINDS, DELIVERY_STATUSES } from "@/lib/core/alert-kinds";

// Fleetprint's own secrets are never a channel's key or URL: an admin could otherwise send them out.
const OWN_SECRETS = /^(FLEETPRINT_|BETTER_AUTH_|DATABASE_URL$)/;
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name (letters, digits, _)")
  .refine((n) => !OWN_SECRETS.test(n), "names one of Fleetprint's own settings; use a variable of its own");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).max(2000);

const kinds = z
  .array(z.enum(ALERT_KINDS))
  .min(1, "choose at least one event")
  .transform((ks) => ALERT_KINDS.filter((k) => ks.includes(k)));

const fields = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(CHANNEL_KINDS),
  url: httpUrl.nullish(),
  urlEnv: envName.nullish(),
  secretEnv: envName.nullish(),
  events: kinds,
  groupSeconds: z.number().int().min(0).max(86_400),
  enabled: z.boolean(),
};

export interface ChannelShape {
  kind: (typeof CHANNEL_KINDS)[number];
  url?: string | null;
  urlEnv?: string | null;
  secretEnv?: string | null;
}

/** The rules across fields, for a new channel and for a channel after a PATCH alike. */
export function channelProblems(c: ChannelShape): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!c.url === !c.urlEnv) out.push({ path: "url", message: "send either url or urlEnv (the name of an environment variable holding the URL)" });
  if (c.url && isSlackHook(c.url)) out.push({ path: "url", message: "a Slack webhook URL is itself a secret: put it in an environment variable and send its name as urlEnv" });
  if (c.kind === "generic" && !c.secretEnv) out.push({ path: "secretEnv", message: "required for generic channels: the receiver checks X-Fleetprint-Signature with it" });
  return out;
}

function isSlackHook(url: string): boolean {
  try {
    const u = new URL(url);
    return u.hostname === "hooks.slack.com" || u.hostname.endsWith(".hooks.slack.com");
  } catch {
    return false;
  }
}

export const createChannelSchema = z
  .strictObject({ ...fields, events: fields.events.default([...ALERT_KINDS]), groupSeconds: fields.groupSeconds.default(60), enabled: fields.enabled.default(true) })
  .superRefine((c, ctx) => {
    for (const p of channelProblems(c)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });
export type CreateChannelInput = z.output<typeof createChannelSchema>;

/** A PATCH names only what changes; the cross-field rules are checked on the result (update-alert-channel). */
export const updateChannelSchema = z
  .strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change");
export type UpdateChannelInput = z.output<typeof updateChannelSchema>;

export const deliveryQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channel: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;
