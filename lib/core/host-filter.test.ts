import { describe, expect, it } from "vitest";
import { hostNeedle, matchesHostFilter, matchesHostText } from "./host-filter";

const host = (over: Partial<Parameters<typeof matchesHostFilter>[0]> = {}) => ({
  hostname: "web-17",
  fingerprint: "ab12cd34",
  driftCount: 3,
  isSnowflake: true,
  ...over,
});

describe("matchesHostText", () => {
  it("matches a hostname substring or a fingerprint prefix; blank matches all", () => {
    expect(matchesHostText("", "web-17", null)).toBe(true);
    expect(matchesHostText("b-1", "web-17", null)).toBe(true);
    expect(matchesHostText("ab12", "web-17", "ab12cd34")).toBe(true);
    expect(matchesHostText("cd34", "web-17", "ab12cd34")).toBe(false); // prefix only
    expect(matchesHostText("zz", "web-17", null)).toBe(false);
  });

  it("takes a trimmed, lower-cased needle", () => {
    expect(hostNeedle("  WEB-1 ")).toBe("web-1");
    expect(matchesHostText(hostNeedle("WEB"), "Web-01", null)).toBe(true);
  });
});

describe("matchesHostFilter", () => {
  it("applies each flag only when present", () => {
    expect(matchesHostFilter(host(), {})).toBe(true);
    expect(matchesHostFilter(host(), { drifted: true, snowflake: true })).toBe(true);
    expect(matchesHostFilter(host(), { drifted: false })).toBe(false);
    expect(matchesHostFilter(host({ isSnowflake: false }), { snowflake: true })).toBe(false);
    expect(matchesHostFilter(host({ isSnowflake: false }), { snowflake: false })).toBe(true);
  });

  it("counts hosts without a drift count (no spec, not reported) as not drifted", () => {
    expect(matchesHostFilter(host({ driftCount: null }), { drifted: true })).toBe(false);
    expect(matchesHostFilter(host({ driftCount: null }), { drifted: false })).toBe(true);
    expect(matchesHostFilter(host({ driftCount: 0 }), { drifted: false })).toBe(true);
  });

  it("combines the text with the flags", () => {
    expect(matchesHostFilter(host(), { q: "web", drifted: true })).toBe(true);
    expect(matchesHostFilter(host(), { q: "db", drifted: true })).toBe(false);
  });
});
