import { describe, expect, it } from "vitest";
import { exportDriftQuerySchema, parseSince } from "./export-schemas";

describe("parseSince", () => {
  it("reads a date as midnight UTC and a date-time with its zone", () => {
    expect(parseSince("2026-11-01")?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseSince("2026-11-01T12:30:00Z")?.toISOString()).toBe("2026-11-01T12:30:00.000Z");
    expect(parseSince("2026-11-01T12:30+02:00")?.toISOString()).toBe("2026-11-01T10:30:00.000Z");
  });

  it("refuses what is not a real instant", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "yesterday", "2026-11-01T12:00:00", "1730000000", "2026-11-01 12:00Z", ""]) expect(parseSince(bad)).toBeNull();
  });
});

describe("exportDriftQuerySchema", () => {
  it("defaults to CSV and keeps since as given", () => {
    const q = exportDriftQuerySchema.parse({ fleet: "web", drifted: "1", since: "2026-11-01" });
    expect(q).toMatchObject({ fleet: "web", drifted: true, format: "csv", since: { text: "2026-11-01" } });
    expect(q.since?.at.toISOString()).toBe("2026-11-01T00:00:00.000Z");
  });

  it("names the field and the expected form when refusing", () => {
    const r = exportDriftQuerySchema.safeParse({ since: "last week", format: "xlsx" });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^since: expected an ISO 8601 date/), "format: one of csv, json, md, pdf"]));
  });

  it("takes a host source, as the hosts list does, and names the choices when refusing one", () => {
    expect(exportDriftQuerySchema.parse({ source: "cyclonedx" })).toMatchObject({ source: "cyclonedx" });
    const r = exportDriftQuerySchema.safeParse({ source: "puppet" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe("one of agent, image, osquery, ansible, cyclonedx, spdx (where the host's data comes from)");
  });
});
