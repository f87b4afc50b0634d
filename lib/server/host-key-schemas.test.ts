import { describe, expect, it } from "vitest";
import { revokeSecretQuery, revokeSecretQuerySchema } from "./host-key-schemas";
import { parseWith } from "./validate";

const parse = (url: string) => parseWith(revokeSecretQuerySchema, revokeSecretQuery(url));

describe("revokeSecretQuerySchema", () => {
  it("keeps keys unless asked", () => {
    expect(parse("http://x/api/v1/fleets/web/enroll-secrets/3")).toEqual({ revokeKeys: false });
    expect(parse("http://x/a?revokeKeys=false")).toEqual({ revokeKeys: false });
    expect(parse("http://x/a?revokeKeys=0")).toEqual({ revokeKeys: false });
  });

  it("revokes keys with true or 1", () => {
    expect(parse("http://x/a?revokeKeys=true")).toEqual({ revokeKeys: true });
    expect(parse("http://x/a?revokeKeys=1")).toEqual({ revokeKeys: true });
  });

  it("refuses anything else with a reason", () => {
    expect(() => parse("http://x/a?revokeKeys=yes-please")).toThrow(/revokeKeys: one of true, false, 1, 0/);
    expect(() => parse("http://x/a?revokeKeys=")).toThrow(/revokeKeys/);
  });
});
