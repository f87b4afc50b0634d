import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "./signature";

const secret = "whsec_test";
const body = '{"event":"fleetprint.rebuild","requestId":"rr-1"}';
const now = 1_750_000_000_000;
const ts = String(now / 1000);

describe("signBody", () => {
  it("is HMAC-SHA256 over '<timestamp>.<body>', hex, prefixed sha256=", () => {
    const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
    expect(signBody(body, secret, ts)).toBe(`sha256=${expected}`);
    expect(signBody(Buffer.from(body), secret, Number(ts))).toBe(`sha256=${expected}`);
  });
});

describe("verifySignature", () => {
  const sig = signBody(body, secret, ts);

  it("accepts the exact body, secret and timestamp", () => {
    expect(verifySignature(body, sig, secret, ts, 300, now)).toBe(true);
    expect(verifySignature(Buffer.from(body), sig.toUpperCase().replace("SHA256=", "sha256="), secret, ts, 300, now)).toBe(true);
  });

  it("rejects any change to body, secret or timestamp", () => {
    expect(verifySignature(body + " ", sig, secret, ts, 300, now)).toBe(false);
    expect(verifySignature(body, sig, "other", ts, 300, now)).toBe(false);
    expect(verifySignature(body, sig, secret, String(Number(ts) + 1), 300, now)).toBe(false);
  });

  it("rejects stale or future timestamps beyond the tolerance", () => {
    const old = String(Number(ts) - 301);
    expect(verifySignature(body, signBody(body, secret, old), secret, old, 300, now)).toBe(false);
    const future = String(Number(ts) + 301);
    expect(verifySignature(body, signBody(body, secret, future), secret, future, 300, now)).toBe(false);
    expect(verifySignature(body, signBody(body, secret, old), secret, old, 600, now)).toBe(true);
  });

  it("rejects missing or malformed parts, and an empty secret", () => {
    expect(verifySignature(body, null, secret, ts, 300, now)).toBe(false);
    expect(verifySignature(body, sig, secret, null, 300, now)).toBe(false);
    expect(verifySignature(body, sig, secret, "12.5", 300, now)).toBe(false);
    expect(verifySignature(body, "sha1=abc", secret, ts, 300, now)).toBe(false);
    expect(verifySignature(body, sig.slice(0, -2), secret, ts, 300, now)).toBe(false);
    expect(verifySignature(body, signBody(body, "", ts), "", ts, 300, now)).toBe(false);
  });
});
