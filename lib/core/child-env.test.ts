import { describe, expect, it } from "vitest";
import { childEnv, redact, secretValues } from "./child-env";

const server = {
  PATH: "/usr/bin:/bin",
  HOME: "/var/lib/fleetprint",
  LANG: "C.UTF-8",
  DIGITALOCEAN_TOKEN: "dop_v1_abcdef123456",
  HEROKU_API_KEY: "hrku-0123456789",
  GITLAB_TRIGGER: "glptt-trigger-value",
  BETTER_AUTH_SECRET: "a-very-long-auth-secret",
  DATABASE_URL: "postgres://fleetprint:s3cretpw@db:5432/fleetprint",
  AWS_PROFILE: "ops",
  TF_TOKEN_app_terraform_io: "tf-token-value-1",
  UNRELATED: "x",
};

describe("childEnv", () => {
  it("passes the base variables, what the config names, its literal env and Fleetprint's own; nothing else", () => {
    const plan = childEnv(server, ["AWS_PROFILE", "TF_TOKEN_app_terraform_io"], { TF_IN_AUTOMATION: "1" }, new Set(), { FLEETPRINT_HOSTNAME: "web-1" });
    expect(plan.env).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/var/lib/fleetprint",
      LANG: "C.UTF-8",
      AWS_PROFILE: "ops",
      TF_TOKEN_app_terraform_io: "tf-token-value-1",
      TF_IN_AUTOMATION: "1",
      FLEETPRINT_HOSTNAME: "web-1",
    });
    expect(plan.withheld).toEqual([]);
  });

  it("never passes another provider's credential or the app's secrets, and says why", () => {
    const plan = childEnv(server, ["DIGITALOCEAN_TOKEN", "GITLAB_TRIGGER", "BETTER_AUTH_SECRET", "DATABASE_URL", "FLEETPRINT_ADMIN_TOKEN", "NOT_SET"], {}, new Set(["GITLAB_TRIGGER"]), {});
    expect(Object.keys(plan.env).sort()).toEqual(["HOME", "LANG", "PATH"]);
    expect(plan.withheld).toEqual([
      { name: "DIGITALOCEAN_TOKEN", why: "a rebuild provider's credential" },
      { name: "GITLAB_TRIGGER", why: "a rebuild provider's credential" },
      { name: "BETTER_AUTH_SECRET", why: "a secret of Fleetprint itself" },
      { name: "DATABASE_URL", why: "a secret of Fleetprint itself" },
      { name: "FLEETPRINT_ADMIN_TOKEN", why: "a secret of Fleetprint itself" },
      { name: "NOT_SET", why: "not set in the server environment" },
    ]);
  });
});

describe("redact", () => {
  const secrets = secretValues(server, new Set(["GITLAB_TRIGGER"]));
  it("blanks every provider token, app secret, credential-like variable and a URL's password", () => {
    const text = "token dop_v1_abcdef123456 key hrku-0123456789 trig glptt-trigger-value tf tf-token-value-1 pw s3cretpw url postgres://fleetprint:s3cretpw@db:5432/fleetprint";
    const out = redact(text, secrets);
    for (const v of ["dop_v1_abcdef123456", "hrku-0123456789", "glptt-trigger-value", "tf-token-value-1", "s3cretpw"]) expect(out).not.toContain(v);
    expect(out).toContain("[redacted DIGITALOCEAN_TOKEN]");
    expect(out).toContain("[redacted DATABASE_URL]");
    expect(out).toContain("[redacted TF_TOKEN_app_terraform_io]");
  });
  it("leaves ordinary values and text alone", () => {
    expect(redact("profile ops in C.UTF-8 at /usr/bin:/bin", secrets)).toBe("profile ops in C.UTF-8 at /usr/bin:/bin");
  });
});
