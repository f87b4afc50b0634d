import { describe, expect, it } from "vitest";
import { missingEnvWarnings } from "./env-check";

describe("missingEnvWarnings", () => {
  it("is empty when every named variable is set, or none is named", () => {
    expect(missingEnvWarnings({ urlEnv: "HOOK", secretEnv: "SIG" }, { HOOK: "https://x", SIG: "s" })).toEqual([]);
    expect(missingEnvWarnings({}, {})).toEqual([]);
    expect(missingEnvWarnings({ urlEnv: null, secretEnv: null }, {})).toEqual([]);
  });

  it("names each unset or empty variable and what it holds", () => {
    const w = missingEnvWarnings({ urlEnv: "HOOK", secretEnv: "SIG" }, { HOOK: "" });
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^urlEnv: the environment variable HOOK \(the receiver URL\) is not set on this server/);
    expect(w[1]).toMatch(/^secretEnv: the environment variable SIG \(the signing secret\) is not set/);
    expect(w[1]).toMatch(/saved anyway/);
  });
});
