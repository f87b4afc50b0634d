// What a rebuild command may see of the server's environment, and which values must never be shown. The server's
// environment holds every provider's token (DIGITALOCEAN_TOKEN, HEROKU_API_KEY, a CI token), the auth secret and
// the database URL; a fleet's command gets none of them unless its config names one that is not another
// provider's, and whatever secret still reaches its output is blanked before a person can read the log.

/** Always passed: what a program needs to run and to find its tools, nothing that grants anything. */
export const BASE_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "USER", "LOGNAME"] as const;

/** The app's own secrets: never passed, whatever a config names. */
export const APP_SECRETS = ["BETTER_AUTH_SECRET", "DATABASE_URL", "FLEETPRINT_ADMIN_TOKEN", "FLEETPRINT_DATA_SECRET", "FLEETPRINT_METRICS_TOKEN", "FLEETPRINT_DEMO_PASSWORD", "BENCH_DATABASE_URL", "FLEETPRINT_TEST_PG_URL"];

/** The providers' default token variables (a config may name others; those come from the fleets' configs). */
export const PROVIDER_TOKEN_DEFAULTS = ["DIGITALOCEAN_TOKEN", "HEROKU_API_KEY"];

/** Names that by convention hold a credential: their values are blanked in logs even when passed on purpose. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)/i;

export interface ChildEnvPlan {
  env: Record<string, string>;
  /** Names the config asked for that were withheld, with why (logged for the operator). */
  withheld: { name: string; why: string }[];
}

/**
 * The child's environment: BASE_ENV from the server, the config's `passEnv` names unless they are a secret of the
 * app or of a provider (`providerSecrets`: every token and signing-secret variable the fleets' configs name),
 * then the config's literal `env` and Fleetprint's own variables.
 */
export function childEnv(
  server: Record<string, string | undefined>,
  passEnv: readonly string[],
  literal: Record<string, string>,
  providerSecrets: ReadonlySet<string>,
  own: Record<string, string>,
): ChildEnvPlan {
  const env: Record<string, string> = {};
  const withheld: ChildEnvPlan["withheld"] = [];
  for (const name of BASE_ENV) if (server[name] !== undefined) env[name] = server[name]!;
  for (const name of passEnv) {
    if (APP_SECRETS.includes(name) || name.startsWith("FLEETPRINT_")) withheld.push({ name, why: "a secret of Fleetprint itself" });
    else if (providerSecrets.has(name) || PROVIDER_TOKEN_DEFAULTS.includes(name)) withheld.push({ name, why: "a rebuild provider's credential" });
    else if (server[name] === undefined) withheld.push({ name, why: "not set in the server environment" });
    else env[name] = server[name]!;
  }
  return { env: { ...env, ...literal, ...own }, withheld };
}

/** Values to blank in anything shown: the app's and providers' secrets, and every credential-like variable. */
export function secretValues(server: Record<string, string | undefined>, providerSecrets: ReadonlySet<string>): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(server)) {
    if (!value || value.length < 6) continue; // too short to blank without blanking ordinary words
    if (APP_SECRETS.includes(name) || PROVIDER_TOKEN_DEFAULTS.includes(name) || providerSecrets.has(name) || SECRET_NAME.test(name)) out.push({ name, value });
    // A URL's password (postgres://user:pw@host) is blanked on its own too: it may be printed without the rest.
    const pw = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]{6,})@/i.exec(value)?.[1];
    if (pw) out.push({ name, value: pw });
  }
  // Longest first, so a value that contains another is blanked whole.
  return out.sort((a, b) => b.value.length - a.value.length);
}

/** `text` with every secret value replaced by [redacted NAME]. */
export function redact(text: string, secrets: readonly { name: string; value: string }[]): string {
  let out = text;
  for (const { name, value } of secrets) if (out.includes(value)) out = out.split(value).join(`[redacted ${name}]`);
  return out;
}
