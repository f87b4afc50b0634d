import { describe, expect, it } from "vitest";
import { parseProviderConfig } from "./config";

const ok = (input: unknown) => {
  const r = parseProviderConfig(input);
  if (!r.ok) throw new Error(r.error);
  return r.config;
};
const error = (input: unknown) => {
  const r = parseProviderConfig(input);
  if (r.ok) throw new Error("expected an error");
  return r.error;
};

describe("parseProviderConfig", () => {
  it("fills defaults", () => {
    expect(ok({ kind: "command", argv: ["terraform", "-chdir=/srv/infra", "apply", "-auto-approve", "-replace=digitalocean_droplet.{hostname}"] })).toMatchObject({ timeoutSeconds: 1800 });
    expect(ok({ kind: "webhook", url: "https://ci.example.com/hook", secretEnv: "HOOK_SECRET" })).toEqual({
      kind: "webhook",
      url: "https://ci.example.com/hook",
      secretEnv: "HOOK_SECRET",
      format: "generic",
      ref: "main",
      eventType: "fleetprint-rebuild",
      waitForCallback: false,
      timeoutSeconds: 30,
    });
    expect(ok({ kind: "digitalocean", image: 146288445 })).toEqual({
      kind: "digitalocean",
      image: 146288445,
      tokenEnv: "DIGITALOCEAN_TOKEN",
      apiBase: "https://api.digitalocean.com",
      pollIntervalSeconds: 5,
      timeoutSeconds: 900,
    });
    expect(ok({ kind: "heroku", mode: "restart" })).toMatchObject({ tokenEnv: "HEROKU_API_KEY", apiBase: "https://api.heroku.com", pollIntervalSeconds: 5, timeoutSeconds: 900 });
  });

  it("names the kind when it is missing or unknown", () => {
    expect(error({ kind: "ssh" })).toBe("kind: must be one of command, webhook, digitalocean, heroku");
    expect(error({})).toBe("kind: must be one of command, webhook, digitalocean, heroku");
    expect(error("command")).toMatch(/^config: /);
  });

  it("checks the command's program, placeholders, limits and env", () => {
    expect(error({ kind: "command", argv: [] })).toBe("argv: needs at least the program to run");
    expect(error({ kind: "command", argv: ["./deploy.sh"] })).toBe("argv.0: must be an absolute path or a bare program name looked up in PATH");
    expect(error({ kind: "command", argv: ["bin/deploy"] })).toMatch(/^argv\.0: /);
    expect(error({ kind: "command", argv: ["deploy", "{hostnme}"] })).toMatch(/^argv\.1: unknown placeholder \{hostnme\}/);
    expect(error({ kind: "command", argv: ["deploy"], timeoutSeconds: 86_401 })).toMatch(/^timeoutSeconds: /);
    expect(error({ kind: "command", argv: ["deploy"], timeoutSeconds: 0 })).toMatch(/^timeoutSeconds: /);
    expect(error({ kind: "command", argv: ["deploy"], env: { "bad-name": "x", FLEETPRINT_HOSTNAME: "y" } })).toBe(
      "env.bad-name: must be an environment variable name (letters, digits, _); env.FLEETPRINT_HOSTNAME: FLEETPRINT_* variables are set by Fleetprint",
    );
    expect(error({ kind: "command", argv: ["deploy"], cwd: "infra" })).toBe("cwd: must be an absolute path");
    expect(error({ kind: "command", argv: ["deploy"], shell: true })).toBe("shell: unknown field");
  });

  it("checks webhooks: URL scheme, secret for generic, token for github/gitlab", () => {
    expect(error({ kind: "webhook", url: "ftp://x.example.com", secretEnv: "S" })).toBe("url: must be an http:// or https:// URL");
    expect(error({ kind: "webhook", url: "https://x.example.com" })).toMatch(/^secretEnv: required for generic webhooks/);
    expect(error({ kind: "webhook", url: "https://api.github.com/repos/a/b/dispatches", format: "github" })).toBe("tokenEnv: required for github webhooks");
    expect(ok({ kind: "webhook", url: "https://gitlab.example.com/api/v4/projects/1/trigger/pipeline", format: "gitlab", tokenEnv: "GL" })).toMatchObject({ format: "gitlab", ref: "main" });
    expect(error({ kind: "webhook", url: "https://x.example.com", secretEnv: "not a name" })).toMatch(/^secretEnv: must be an environment variable name/);
  });

  it("checks DigitalOcean images and Heroku modes", () => {
    expect(error({ kind: "digitalocean", image: "Ubuntu 24.04" })).toMatch(/^image: /);
    expect(error({ kind: "digitalocean", image: -1 })).toMatch(/^image: /);
    expect(error({ kind: "heroku", mode: "build" })).toBe("sourceUrl: required when mode is build (URL of the source tarball)");
    expect(error({ kind: "heroku", mode: "build", sourceUrl: "https://x.example.com/{version}.tgz" })).toBe("sourceUrl: unknown placeholder {version}");
    expect(ok({ kind: "heroku", mode: "build", sourceUrl: "https://x.example.com/web-{specVersion}.tgz" })).toMatchObject({ sourceUrl: "https://x.example.com/web-{specVersion}.tgz" });
    expect(error({ kind: "heroku", mode: "rebuild" })).toMatch(/^mode: /);
    expect(error({ kind: "heroku", mode: "restart", app: "My_App" })).toBe("app: must be a Heroku app name");
  });

  it("allows sub-second polling (tests, local fakes)", () => {
    expect(ok({ kind: "digitalocean", image: "ubuntu-24-04-x64", pollIntervalSeconds: 0.005 })).toMatchObject({ pollIntervalSeconds: 0.005 });
  });
});
