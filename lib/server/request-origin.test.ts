import { describe, expect, it } from "vitest";
import { refuseWrite, type WriteRequest } from "./request-origin";

const req = (over: Partial<WriteRequest>): WriteRequest => ({ method: "POST", path: "/api/v1/fleets", origin: null, authorization: null, host: "fleet.example.com:3000", ...over });

describe("refuseWrite", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(refuseWrite(req({ method, origin: "https://evil.example" }))).toBeNull();
  });

  it("refuses a write without Origin unless it carries a bearer token", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(refuseWrite(req({ method }))).toMatch(/needs an Origin header .* or an API token \(Authorization: Bearer/);
    expect(refuseWrite(req({ authorization: "Bearer fpt_abc" }))).toBeNull();
    expect(refuseWrite(req({ authorization: "bearer   fpt_abc" }))).toBeNull();
    expect(refuseWrite(req({ authorization: "Bearer " }))).not.toBeNull();
    expect(refuseWrite(req({ authorization: "Basic dTpw" }))).not.toBeNull();
    expect(refuseWrite(req({ origin: "" }))).not.toBeNull();
  });

  it("lets the routes with their own credential through without Origin (agents, provider callbacks)", () => {
    for (const path of ["/api/v1/enroll", "/api/v1/checkin", "/api/v1/fingerprints", "/api/v1/rebuilds/6f1c/callback"]) expect(refuseWrite(req({ path }))).toBeNull();
    expect(refuseWrite(req({ path: "/api/v1/enroll-secrets" }))).not.toBeNull();
    expect(refuseWrite(req({ path: "/api/v1/rebuilds/6f1c/approve" }))).not.toBeNull();
  });

  it("accepts this site's origin, as addressed or as configured, and refuses any other", () => {
    expect(refuseWrite(req({ origin: "http://fleet.example.com:3000" }))).toBeNull();
    expect(refuseWrite(req({ origin: "http://FLEET.example.com:3000", host: "Fleet.Example.com:3000" }))).toBeNull();
    expect(refuseWrite(req({ origin: "https://fleet.example.com", host: "127.0.0.1:3000", publicUrl: "https://fleet.example.com/" }))).toBeNull();
    expect(refuseWrite(req({ origin: "http://fleet.example.com:3001" }))).toMatch(/^Cross-origin request refused: http:\/\/fleet.example.com:3001 is not this site/);
    expect(refuseWrite(req({ origin: "https://evil.example" }))).toMatch(/Cross-origin/);
    expect(refuseWrite(req({ origin: "null" }))).toMatch(/Cross-origin/);
    expect(refuseWrite(req({ origin: "https://evil.example", host: null }))).toMatch(/Cross-origin/);
    // A token does not make a foreign page's request acceptable: browsers never send one cross-site without CORS.
    expect(refuseWrite(req({ origin: "https://evil.example", authorization: "Bearer fpt_abc" }))).toMatch(/Cross-origin/);
    expect(refuseWrite(req({ origin: "https://evil.example", publicUrl: "not a url" }))).toMatch(/Cross-origin/);
  });
});
