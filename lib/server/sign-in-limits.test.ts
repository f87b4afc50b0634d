import { describe, expect, it } from "vitest";
import { DEFAULT_SIGN_IN_LIMITS, accountKey, addressKey, minutes, refusalMessage, signInLimitsFrom } from "./sign-in-limits";

describe("signInLimitsFrom", () => {
  it("defaults to 5 failures per account and 20 per address in 15 minutes", () => {
    expect(signInLimitsFrom({})).toEqual({ account: { max: 5, windowSeconds: 900 }, address: { max: 20, windowSeconds: 900 } });
    expect(signInLimitsFrom({})).toEqual(DEFAULT_SIGN_IN_LIMITS);
  });
  it("takes overrides from the environment", () => {
    const env = { FLEETPRINT_SIGNIN_MAX_PER_ACCOUNT: "3", FLEETPRINT_SIGNIN_MAX_PER_ADDRESS: " 50 ", FLEETPRINT_SIGNIN_WINDOW_SECONDS: "60" };
    expect(signInLimitsFrom(env)).toEqual({ account: { max: 3, windowSeconds: 60 }, address: { max: 50, windowSeconds: 60 } });
    expect(signInLimitsFrom({ FLEETPRINT_SIGNIN_MAX_PER_ACCOUNT: "" }).account.max).toBe(5);
  });
  it("refuses values that would switch the limit off or make no sense, naming the variable", () => {
    for (const v of ["0", "-1", "2.5", "many"]) expect(() => signInLimitsFrom({ FLEETPRINT_SIGNIN_MAX_PER_ACCOUNT: v })).toThrow(/FLEETPRINT_SIGNIN_MAX_PER_ACCOUNT/);
    expect(() => signInLimitsFrom({ FLEETPRINT_SIGNIN_WINDOW_SECONDS: "0" })).toThrow(/FLEETPRINT_SIGNIN_WINDOW_SECONDS/);
  });
});

describe("counter keys", () => {
  it("counts an account by its email however it is typed", () => {
    expect(accountKey(" Ada@Example.COM ")).toBe("sign-in:account:ada@example.com");
    expect(accountKey("x".repeat(1000)).length).toBe("sign-in:account:".length + 320);
  });
  it("counts IPv4 per address and IPv6 per /64", () => {
    expect(addressKey("203.0.113.9")).toBe("sign-in:address:203.0.113.9");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("sign-in:address:2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("sign-in:address:2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("sign-in:address:2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("sign-in:address:0:0:0:0::/64");
  });
  it("puts requests without a known address in one shared counter", () => {
    expect(addressKey(null)).toBe("sign-in:address:unknown");
    expect(addressKey("not-an-ip")).toBe("sign-in:address:unknown");
  });
});

describe("refusalMessage", () => {
  it("says which limit and when to come back, in whole minutes", () => {
    expect(refusalMessage("account", 899)).toBe("Too many failed sign-ins for this account. Try again in 15 minutes, or ask an admin to check the account.");
    expect(refusalMessage("address", 30)).toMatch(/^Too many failed sign-ins from your address\. Try again in 1 minute,/);
    expect(minutes(61)).toBe("2 minutes");
  });
});
