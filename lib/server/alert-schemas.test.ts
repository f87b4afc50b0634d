import { describe, expect, it } from "vitest";
import { channelProblems, createChannelSchema, deliveryQuerySchema, updateChannelSchema } from "./alert-schemas";

const messages = (input: unknown) => {
  const r = createChannelSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("createChannelSchema", () => {
  it("fills the defaults and orders events", () => {
    expect(createChannelSchema.parse({ name: " ops ", kind: "generic", url: "https://hooks.example.com/fp", secretEnv: "ALERT_SECRET", events: ["rebuild-failed", "host-drifted", "host-drifted"] })).toEqual({
      name: "ops",
      kind: "generic",
      url: "https://hooks.example.com/fp",
      secretEnv: "ALERT_SECRET",
      events: ["host-drifted", "rebuild-failed"],
      groupSeconds: 60,
      enabled: true,
    });
    expect(createChannelSchema.parse({ name: "chat", kind: "slack", urlEnv: "SLACK_URL" }).events).toEqual(["host-drifted", "snowflake-new", "rebuild-approval-needed", "rebuild-failed", "host-not-reporting"]);
  });

  it("needs exactly one URL source, and a secret for generic channels", () => {
    expect(messages({ name: "x", kind: "generic", secretEnv: "S" })).toEqual(["url: send either url or urlEnv (the name of an environment variable holding the URL)"]);
    expect(messages({ name: "x", kind: "slack", url: "https://chat.example/hook", urlEnv: "U" })).toHaveLength(1);
    expect(messages({ name: "x", kind: "generic", url: "https://a.example" })).toEqual(["secretEnv: required for generic channels: the receiver checks X-Fleetprint-Signature with it"]);
  });

  it("keeps secrets out of the config", () => {
    expect(messages({ name: "x", kind: "slack", url: "https://hooks.slack.com/services/T0/B0/abc" })[0]).toMatch(/a Slack webhook URL is itself a secret/);
    expect(messages({ name: "x", kind: "generic", url: "https://a.example", secretEnv: "BETTER_AUTH_SECRET" })[0]).toMatch(/Fleetprint's own settings/);
    expect(messages({ name: "x", kind: "slack", urlEnv: "DATABASE_URL" })[0]).toMatch(/Fleetprint's own settings/);
    expect(messages({ name: "x", kind: "slack", urlEnv: "FLEETPRINT_ADMIN_TOKEN" })[0]).toMatch(/Fleetprint's own settings/);
    expect(messages({ name: "x", kind: "slack", urlEnv: "not a name" })[0]).toMatch(/environment variable name/);
  });

  it("refuses unknown fields, events and schemes", () => {
    expect(messages({ name: "x", kind: "slack", urlEnv: "U", secret: "s3cr3t" })[0]).toMatch(/secret/);
    expect(messages({ name: "x", kind: "slack", urlEnv: "U", events: [] })[0]).toBe("events: choose at least one event");
    expect(messages({ name: "x", kind: "slack", urlEnv: "U", events: ["host-rebooted"] })).toHaveLength(1);
    expect(messages({ name: "x", kind: "slack", url: "ftp://a.example/" })[0]).toMatch(/http/);
    expect(messages({ name: "x", kind: "slack", urlEnv: "U", groupSeconds: 90_000 })).toHaveLength(1);
  });
});

describe("updateChannelSchema and channelProblems", () => {
  it("takes any subset but not nothing", () => {
    expect(updateChannelSchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(updateChannelSchema.safeParse({}).success).toBe(false);
    expect(updateChannelSchema.parse({ url: null })).toEqual({ url: null });
  });

  it("checks the channel as it would be after the change", () => {
    expect(channelProblems({ kind: "slack", url: null, urlEnv: "SLACK_URL" })).toEqual([]);
    expect(channelProblems({ kind: "generic", url: "https://a.example", urlEnv: null, secretEnv: null }).map((p) => p.path)).toEqual(["secretEnv"]);
  });
});

describe("deliveryQuerySchema", () => {
  it("reads the query string", () => {
    expect(deliveryQuerySchema.parse({ status: "failed", channel: "3" })).toEqual({ status: "failed", channel: 3, limit: 100 });
    expect(deliveryQuerySchema.safeParse({ status: "lost" }).success).toBe(false);
  });
});
