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

  it("revokes keys with true, 1 or any other spelling of yes", () => {
    expect(parse("http://x/a?revokeKeys=true")).toEqual({ revokeKeys: true });
    expect(parse("http://x/a?revokeKeys=yes")).toEqual({ revokeKeys: true });
    expect(parse("http://x/a?revokeKeys=1")).toEqual({ revokeKeys: true });
  });

  it("refuses anything else with a reason", () => {
    expect(() => parse("http://x/a?revokeKeys=yes-please")).toThrow(/revokeKeys: 1 or 0 \(true\/false, yes\/no and on\/off work too\); got "yes-please"/);
    expect(() => parse("http://x/a?revokeKeys=")).toThrow(/revokeKeys/);
  });
});
