// Alert channels name environment variables (urlEnv, secretEnv) instead of holding secrets. Saving one whose
// variable is not set here is allowed (it may be set on the instance that sends), but said at once: otherwise the
// first sign is a failed delivery hours later.

export interface EnvNamed {
  urlEnv?: string | null;
  secretEnv?: string | null;
}

const ROLE: Record<keyof EnvNamed, string> = { urlEnv: "the receiver URL", secretEnv: "the signing secret" };

/** A sentence per named variable that is unset or empty in `env`; [] when all are set. */
export function missingEnvWarnings(c: EnvNamed, env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const key of ["urlEnv", "secretEnv"] as const) {
    const name = c[key];
    if (!name) continue;
    if ((env[name] ?? "") !== "") continue;
    out.push(
      `${key}: the environment variable ${name} (${ROLE[key]}) is not set on this server, so deliveries from it will fail. ` +
        `Set it on every instance that sends alerts (saved anyway: it may be set on another instance).`,
    );
  }
  return out;
}
