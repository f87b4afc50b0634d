import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDemoPassword } from "./demo-password";

describe("getDemoPassword", () => {
  let dir: string;
  const saved = { data: process.env.FLEETPRINT_DATA_DIR, pw: process.env.FLEETPRINT_DEMO_PASSWORD };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-demo-pw-"));
    process.env.FLEETPRINT_DATA_DIR = dir;
    delete process.env.FLEETPRINT_DEMO_PASSWORD;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of [["FLEETPRINT_DATA_DIR", saved.data], ["FLEETPRINT_DEMO_PASSWORD", saved.pw]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("is generated once per installation, kept 0600 in the data folder", () => {
    const first = getDemoPassword();
    expect(first.value).toMatch(/^demo-[A-Za-z0-9_-]{12}$/);
    expect(first.createdFile).toBe(path.join(dir, "demo-password"));
    expect(fs.statSync(first.createdFile!).mode & 0o777).toBe(0o600);
    expect(getDemoPassword()).toEqual({ value: first.value, createdFile: null }); // announced only once
  });

  it("is FLEETPRINT_DEMO_PASSWORD when set, and must be long enough to sign in with", () => {
    process.env.FLEETPRINT_DEMO_PASSWORD = "bench-demo-password";
    expect(getDemoPassword()).toEqual({ value: "bench-demo-password", createdFile: null });
    expect(fs.existsSync(path.join(dir, "demo-password"))).toBe(false);
    process.env.FLEETPRINT_DEMO_PASSWORD = "short";
    expect(() => getDemoPassword()).toThrow(/at least 10 characters/);
  });
});
