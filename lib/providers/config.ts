import "server-only";
import { z } from "zod";
import type { CommandConfig, DigitalOceanConfig, HerokuConfig, ProviderConfig, WebhookConfig } from "@/model/provider-config";
import { unknownPlaceholders } from "./placeholders";

// Configs name environment variables, never hold secrets: a config can be stored, shown and audited as is.
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name (letters, digits, _)");
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
// Fractions allowed so tests (and impatient labs) can poll every few milliseconds.
const seconds = (def: number, max: number) => z.number().positive().max(max).default(def);

const program = z
  .string()
  .min(1)
  .refine((p) => p.startsWith("/") || /^[A-Za-z0-9._+-]+$/.test(p), "must be an absolute path or a bare program name looked up in PATH");

const commandSchema = z.strictObject({
  kind: z.literal("command"),
  argv: z
    .array(z.string().max(4096))
    .min(1, "needs at least the program to run")
    .max(256)
    .superRefine((argv, ctx) => {
      if (argv.length === 0) return;
      const first = program.safeParse(argv[0]);
      if (!first.success) ctx.addIssue({ code: "custom", path: [0], message: first.error.issues[0].message });
      argv.forEach((arg, i) => {
        const bad = unknownPlaceholders(arg);
        if (bad.length) ctx.addIssue({ code: "custom", path: [i], message: `unknown placeholder {${bad[0]}}; use {hostname} {fleet} {providerRef} {specVersion} {specFile} {requestId}` });
      });
    }),
  timeoutSeconds: seconds(1800, 86_400),
  cwd: z.string().startsWith("/", "must be an absolute path").optional(), // default: the run's private temp dir
  // Server environment variables the program gets besides PATH, HOME and the locale (lib/core/child-env.ts);
  // another provider's token or Fleetprint's own secrets are withheld whatever is named here.
  passEnv: z.array(envName).max(64).optional(),
  env: z
    .record(z.string(), z.string().max(32_768))
    .superRefine((env, ctx) => {
      for (const k of Object.keys(env)) {
        if (!envName.safeParse(k).success) ctx.addIssue({ code: "custom", path: [k], message: "must be an environment variable name (letters, digits, _)" });
        else if (k.startsWith("FLEETPRINT_")) ctx.addIssue({ code: "custom", path: [k], message: "FLEETPRINT_* variables are set by Fleetprint" });
      }
    })
    .optional(),
});

const webhookSchema = z
  .strictObject({
    kind: z.literal("webhook"),
    url: httpUrl,
    format: z.enum(["generic", "github", "gitlab"]).default("generic"),
    secretEnv: envName.optional(), // HMAC secret for X-Fleetprint-Signature
    tokenEnv: envName.optional(), // github: bearer token; gitlab: pipeline trigger token
    ref: z.string().min(1).max(255).default("main"), // gitlab: branch or tag to run
    eventType: z.string().min(1).max(100).default("fleetprint-rebuild"), // github: repository_dispatch event_type
    waitForCallback: z.boolean().default(false),
    // gitlab: false for projects that forbid setting pipeline variables (GitLab.com's default for new projects); the
    // pipeline then reads its work from POST /api/v1/rebuilds/dispatched, signed with secretEnv.
    variables: z.boolean().optional(), // absent: true
    timeoutSeconds: seconds(30, 300),
  })
  .superRefine((c, ctx) => {
    if (c.format === "generic" && !c.secretEnv) ctx.addIssue({ code: "custom", path: ["secretEnv"], message: "required for generic webhooks (the receiver verifies the signature)" });
    if (c.format !== "generic" && !c.tokenEnv) ctx.addIssue({ code: "custom", path: ["tokenEnv"], message: `required for ${c.format} webhooks` });
    if (c.variables === false && c.format !== "gitlab") ctx.addIssue({ code: "custom", path: ["variables"], message: "only gitlab webhooks send pipeline variables" });
    if (c.variables === false && !c.secretEnv) ctx.addIssue({ code: "custom", path: ["secretEnv"], message: "required without variables (the pipeline signs its read of the dispatched work)" });
    if (c.variables === false && !c.waitForCallback) ctx.addIssue({ code: "custom", path: ["waitForCallback"], message: "must be true without variables (the pipeline reports each host on its callback)" });
  });

const digitaloceanSchema = z.strictObject({
  kind: z.literal("digitalocean"),
  image: z.union([z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be an image slug such as ubuntu-24-04-x64"), z.number().int().positive()]),
  tokenEnv: envName.default("DIGITALOCEAN_TOKEN"),
  apiBase: httpUrl.default("https://api.digitalocean.com"),
  pollIntervalSeconds: seconds(5, 600),
  timeoutSeconds: seconds(900, 86_400),
});

export const SOURCE_URL_PLACEHOLDERS = ["specVersion", "fleet", "hostname", "requestId"];

const herokuSchema = z
  .strictObject({
    kind: z.literal("heroku"),
    mode: z.enum(["build", "restart"]),
    tokenEnv: envName.default("HEROKU_API_KEY"),
    app: z.string().regex(/^[a-z][a-z0-9-]{1,28}[a-z0-9]$/, "must be a Heroku app name").optional(),
    sourceUrl: httpUrl.optional(), // tarball; may contain {specVersion} {fleet} {hostname} {requestId}
    apiBase: httpUrl.default("https://api.heroku.com"),
    pollIntervalSeconds: seconds(5, 600),
    timeoutSeconds: seconds(900, 86_400),
  })
  .superRefine((c, ctx) => {
    if (c.mode === "build" && !c.sourceUrl) ctx.addIssue({ code: "custom", path: ["sourceUrl"], message: "required when mode is build (URL of the source tarball)" });
    const bad = c.sourceUrl ? unknownPlaceholders(c.sourceUrl.replace(/%7B/gi, "{").replace(/%7D/gi, "}"), SOURCE_URL_PLACEHOLDERS) : [];
    if (bad.length) ctx.addIssue({ code: "custom", path: ["sourceUrl"], message: `unknown placeholder {${bad[0]}}` });
  });

export const providerConfigSchema = z.discriminatedUnion("kind", [commandSchema, webhookSchema, digitaloceanSchema, herokuSchema], {
  error: (iss) => (iss.code === "invalid_union" ? "must be one of command, webhook, digitalocean, heroku" : undefined),
});

// The stored shape is declared in model/provider-config.ts (the fleets table's column type; db/ may not import lib/).
// These checks fail to compile the moment the schema and that declaration disagree in either direction.
type Parsed = z.output<typeof providerConfigSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameCommand: Same<CommandConfig, Extract<Parsed, { kind: "command" }>> = true;
const _sameWebhook: Same<WebhookConfig, Extract<Parsed, { kind: "webhook" }>> = true;
const _sameDigitalOcean: Same<DigitalOceanConfig, Extract<Parsed, { kind: "digitalocean" }>> = true;
const _sameHeroku: Same<HerokuConfig, Extract<Parsed, { kind: "heroku" }>> = true;
const _sameUnion: Same<ProviderConfig, Parsed> = true;

export type { CommandConfig, DigitalOceanConfig, HerokuConfig, ProviderConfig, WebhookConfig } from "@/model/provider-config";
export type ProviderConfigInput = z.input<typeof providerConfigSchema>;

export type ParseResult = { ok: true; config: ProviderConfig } | { ok: false; error: string };

/** Field-path messages ("argv.0: must be …; timeoutSeconds: …") ready to show next to the form. */
export function parseProviderConfig(input: unknown): ParseResult {
  const r = providerConfigSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  const error = r.error.issues
    .map((i) => (i.code === "unrecognized_keys" ? `${[...i.path, i.keys.join(", ")].join(".")}: unknown field` : `${i.path.length ? i.path.join(".") : "config"}: ${i.message}`))
    .join("; ");
  return { ok: false, error };
}
