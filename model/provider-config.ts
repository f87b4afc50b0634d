// How a fleet's rebuilds run (fleets.provider), as stored: lib/providers/config.ts validates input into exactly this
// shape (its zod schema's output is checked against these types at compile time). Configs name environment
// variables, never hold secrets.

export interface CommandConfig {
  kind: "command";
  argv: string[];
  timeoutSeconds: number;
  cwd?: string;
  passEnv?: string[];
  env?: Record<string, string>;
}

export interface WebhookConfig {
  kind: "webhook";
  url: string;
  format: "generic" | "github" | "gitlab";
  secretEnv?: string;
  tokenEnv?: string;
  ref: string;
  eventType: string;
  waitForCallback: boolean;
  variables?: boolean;
  timeoutSeconds: number;
}

export interface DigitalOceanConfig {
  kind: "digitalocean";
  image: string | number;
  tokenEnv: string;
  apiBase: string;
  pollIntervalSeconds: number;
  timeoutSeconds: number;
}

export interface HerokuConfig {
  kind: "heroku";
  mode: "build" | "restart";
  tokenEnv: string;
  app?: string;
  sourceUrl?: string;
  apiBase: string;
  pollIntervalSeconds: number;
  timeoutSeconds: number;
}

export type ProviderConfig = CommandConfig | WebhookConfig | DigitalOceanConfig | HerokuConfig;
