import { describe, expect, it } from "vitest";
import { startFakeDigitalOcean } from "@/tests/fakes/digitalocean";
import { startWebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { fakeClock, target, testContext } from "@/tests/fakes/provider-context";
import { createProvider, parseProviderConfig, type ProviderConfig } from "./index";

function parsed(input: unknown): ProviderConfig {
  const r = parseProviderConfig(input);
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

describe("createProvider", () => {
  it("builds the provider each kind names", () => {
    const configs = [
      { kind: "command", argv: ["/usr/bin/true"] },
      { kind: "webhook", url: "https://ci.example.com/hook", secretEnv: "S" },
      { kind: "digitalocean", image: "ubuntu-24-04-x64" },
      { kind: "heroku", mode: "restart" },
    ];
    expect(configs.map((c) => createProvider(parsed(c)).kind)).toEqual(["command", "webhook", "digitalocean", "heroku"]);
  });

  it("goes from stored JSON config to a finished rebuild (DigitalOcean)", async () => {
    const fake = await startFakeDigitalOcean({ token: "t", pollsBeforeDone: 3 });
    try {
      const stored = JSON.parse(JSON.stringify({ kind: "digitalocean", image: "ubuntu-24-04-x64", apiBase: fake.url, pollIntervalSeconds: 2 }));
      const clock = fakeClock();
      const { ctx } = testContext({ DIGITALOCEAN_TOKEN: "t" });
      const out = await createProvider(parsed(stored), { sleep: clock.sleep, now: clock.now }).rebuild(target(), ctx);
      expect(out.status).toBe("succeeded");
      expect(clock.sleeps).toEqual([2000, 2000, 2000, 2000]);
    } finally {
      await fake.close();
    }
  });

  it("goes from stored JSON config to a delivered webhook", async () => {
    const rx = await startWebhookReceiver({ secret: "s3cret" });
    try {
      const provider = createProvider(parsed({ kind: "webhook", url: `${rx.url}/hook`, secretEnv: "HOOK_SECRET", waitForCallback: true }));
      const out = await provider.rebuild(target(), testContext({ HOOK_SECRET: "s3cret" }, "https://fp.example.com/cb").ctx);
      expect(out.status).toBe("waiting-callback");
      expect(rx.hooks[0].signatureValid).toBe(true);
    } finally {
      await rx.close();
    }
  });
});
