import { describe, expect, it } from "vitest";
import { ingestOutcome } from "./ingest-outcome";

describe("ingestOutcome", () => {
  it("reads a check-in's answer", () => {
    expect(ingestOutcome("checkin", 200, { status: "unchanged" })).toBe("unchanged");
    expect(ingestOutcome("checkin", 200, { status: "accepted" })).toBe("stored");
    expect(ingestOutcome("checkin", 200, { status: "report-needed", wantContent: [] })).toBe("report-needed");
  });

  it("tells a new fingerprint from the one the host had", () => {
    expect(ingestOutcome("fingerprints", 202, { hostId: 1, fingerprint: "ab", changed: true })).toBe("stored");
    expect(ingestOutcome("fingerprints", 202, { hostId: 1, fingerprint: "ab", changed: false })).toBe("unchanged");
    expect(ingestOutcome("enroll", 201, { hostId: 1, hostKey: "k" })).toBe("stored");
    expect(ingestOutcome("contents", 200, { stored: 2 })).toBe("stored");
  });

  it("counts back-pressure apart from refusals and from our own failures", () => {
    expect(ingestOutcome("fingerprints", 503, {})).toBe("refused-busy");
    expect(ingestOutcome("checkin", 429, {})).toBe("refused-busy");
    for (const s of [400, 401, 409, 413, 415]) expect(ingestOutcome("fingerprints", s, {})).toBe("rejected");
    expect(ingestOutcome("enroll", 500, {})).toBe("error");
  });
});
