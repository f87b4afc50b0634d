import { describe, expect, it } from "vitest";
import { baseSecurityHeaders, machineHeaders, newNonce, pageCsp } from "./security-headers";

describe("security headers", () => {
  it("refuse sniffing and framing and keep the referrer on this site, always", () => {
    expect(baseSecurityHeaders({})).toEqual({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin" });
    expect(machineHeaders({})).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'" });
  });

  it("send Strict-Transport-Security only when FLEETPRINT_URL is https", () => {
    expect(baseSecurityHeaders({ FLEETPRINT_URL: "https://fleet.example.com" })["strict-transport-security"]).toBe("max-age=31536000");
    expect(machineHeaders({ FLEETPRINT_URL: " HTTPS://fleet.example.com " })).toHaveProperty("strict-transport-security");
    expect(baseSecurityHeaders({ FLEETPRINT_URL: "http://fleet.example.com" })).not.toHaveProperty("strict-transport-security");
    expect(baseSecurityHeaders({ FLEETPRINT_URL: "" })).not.toHaveProperty("strict-transport-security");
  });
});

describe("page CSP", () => {
  const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

  it("lets only this request's nonced scripts run, and nothing frame the page", () => {
    const d = directives(pageCsp("abc123==", { NODE_ENV: "production" }));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
  });

  it("keeps inline styles working (recharts, style props), which a nonce in style-src would switch off", () => {
    const styles = directives(pageCsp("n", {})).get("style-src")!;
    expect(styles).toContain("'unsafe-inline'");
    expect(styles.some((s) => s.startsWith("'nonce-"))).toBe(false);
  });

  it("allows eval only under next dev", () => {
    expect(pageCsp("n", { NODE_ENV: "development" })).toContain("'unsafe-eval'");
    expect(pageCsp("n", { NODE_ENV: "production" })).not.toContain("unsafe-eval");
  });

  it("makes a new unguessable nonce each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
