import { describe, expect, it } from "vitest";
import { placeholderValues, substitute, unknownPlaceholders } from "./placeholders";

const target = { hostname: "web-01", fleet: "web", providerRef: null, specVersion: 7, specYaml: "", requestId: "rr-1" };

describe("substitute", () => {
  it("replaces every known placeholder and leaves other braces alone", () => {
    const v = placeholderValues(target, "/tmp/x/spec.yaml");
    expect(substitute("-replace=droplet.{hostname}", v)).toBe("-replace=droplet.web-01");
    expect(substitute("{fleet}/{specVersion}/{requestId}/{providerRef}|{specFile}", v)).toBe("web/7/rr-1/|/tmp/x/spec.yaml");
    expect(substitute("-var=tags={a=b}", v)).toBe("-var=tags={a=b}");
  });

  it("does not expand placeholders that appear inside values", () => {
    const v = placeholderValues({ ...target, hostname: "{fleet}" });
    expect(substitute("{hostname}", v)).toBe("{fleet}");
  });

  it("encodes values when asked (URLs)", () => {
    const v = placeholderValues({ ...target, fleet: "a b&c" });
    expect(substitute("https://x/{fleet}.tgz", v, encodeURIComponent)).toBe("https://x/a%20b%26c.tgz");
  });
});

describe("unknownPlaceholders", () => {
  it("reports typos", () => {
    expect(unknownPlaceholders("{hostnme}-{fleet}")).toEqual(["hostnme"]);
    expect(unknownPlaceholders("{specVersion}", ["specVersion"])).toEqual([]);
    expect(unknownPlaceholders("{hostname}", ["specVersion"])).toEqual(["hostname"]);
  });
});
