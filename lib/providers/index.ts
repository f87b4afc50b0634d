import "server-only";
import { createCommandProvider } from "./command";
import type { ProviderConfig } from "./config";
import { createDigitalOceanProvider } from "./digitalocean";
import { createHerokuProvider } from "./heroku";
import type { ProviderDeps, RebuildProvider } from "./types";
import { createWebhookProvider } from "./webhook";

export type { ProviderContext, ProviderDeps, ProviderOutcome, RebuildProvider, RebuildTarget } from "./types";
export { parseProviderConfig, providerConfigSchema } from "./config";
export type { ProviderConfig, ProviderConfigInput, CommandConfig, WebhookConfig, DigitalOceanConfig, HerokuConfig } from "./config";
export { signBody, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
export { webhookPayload, WEBHOOK_EVENT } from "./webhook";

/** One provider per config; `deps` replaces the network, the clock and the kill grace in tests. */
export function createProvider(config: ProviderConfig, deps: ProviderDeps = {}): RebuildProvider {
  switch (config.kind) {
    case "command":
      return createCommandProvider(config, deps);
    case "webhook":
      return createWebhookProvider(config, deps);
    case "digitalocean":
      return createDigitalOceanProvider(config, deps);
    case "heroku":
      return createHerokuProvider(config, deps);
  }
}
