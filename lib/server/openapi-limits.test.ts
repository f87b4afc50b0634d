import { describe, expect, it } from "vitest";
import { inputLimitErrors } from "./openapi-limits";

describe("inputLimitErrors", () => {
  it("states each machine route's own limit and the checks before parsing", () => {
    const report = inputLimitErrors("/api/v1/fingerprints", "config paths");
    expect(report["413"].description).toMatch(/^Body over 16 MiB as sent/);
    expect(report["413"].description).toMatch(/Decompressed body exceeds 16 MiB/);
    expect(report["400"].description).toMatch(/deeper than 16 levels/);
    expect(report["400"].description).toMatch(/U\+202A–U\+202E.*in config paths/);
    expect(inputLimitErrors("/api/v1/enroll", "hostname")["413"].description).toMatch(/^Body over 16 KiB/);
  });
});
