import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUTH_LIMIT, bodyLimitFor, DEFAULT_LIMIT, formatBytes, REPORT_LIMIT, SMALL_LIMIT, SPEC_LIMIT } from "./body-limits";

const require = createRequire(import.meta.url);

describe("bodyLimitFor", () => {
  it.each([
    ["/api/auth/sign-in/email", AUTH_LIMIT, /8 KiB limit of \/api\/auth: signing in takes only an email and a password/],
    ["/api/v1/fingerprints", REPORT_LIMIT, /^Report exceeds the 16 MiB limit/],
    ["/api/v1/enroll", SMALL_LIMIT, /16 KiB limit of \/api\/v1\/enroll/],
    ["/api/v1/checkin", SMALL_LIMIT, /16 KiB limit of \/api\/v1\/checkin/],
    ["/api/v1/fleets/web/spec", SPEC_LIMIT, /^Spec exceeds the 8 MiB limit/],
    ["/api/v1/fleets/web/spec/capture", DEFAULT_LIMIT, /1 MiB limit of this API route/],
    ["/api/v1/rebuilds", DEFAULT_LIMIT, /1 MiB limit/],
    ["/fleets/web/alerts", DEFAULT_LIMIT, /^Form data exceeds the 1 MiB limit/],
    ["/api/v1/images", 2 * 1024 ** 3, /^Image exceeds the 2 GiB limit of \/api\/v1\/images \(FLEETPRINT_IMAGE_MAX_BYTES\)/],
  ])("%s: %d bytes", (p, bytes, message) => {
    expect(bodyLimitFor(p).bytes).toBe(bytes);
    expect(bodyLimitFor(p).message).toMatch(message);
  });

  it("gives an unusual spelling of a path the default, never a larger limit", () => {
    for (const p of ["/api/v1//fingerprints", "/api/v1/fingerprints/", "/api/v1/%66ingerprints", "/api/v1/fleets/a/b/spec"]) {
      expect(bodyLimitFor(p).bytes).toBe(DEFAULT_LIMIT);
    }
    expect(bodyLimitFor("/api/%61uth/sign-in/email").bytes).toBe(DEFAULT_LIMIT);
  });

  it("keeps the default equal to Next's server action limit in next.config.js", () => {
    const config = require(path.resolve("next.config.js"));
    const bytes = require("next/dist/compiled/bytes");
    expect(bytes.parse(config.experimental.serverActions.bodySizeLimit)).toBe(DEFAULT_LIMIT);
  });
});

describe("formatBytes", () => {
  it("writes binary units", () => {
    expect([formatBytes(8 * 1024), formatBytes(16 * 1024 * 1024), formatBytes(1536), formatBytes(100), formatBytes(2 * 1024 ** 3)]).toEqual(["8 KiB", "16 MiB", "1.5 KiB", "100 bytes", "2 GiB"]);
  });

  it("streams image uploads (the route counts them) and nothing else", () => {
    expect(bodyLimitFor("/api/v1/images").streamed).toBe(true);
    expect(bodyLimitFor("/api/v1/fingerprints").streamed).toBeUndefined();
  });
});
