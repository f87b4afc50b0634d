import { describe, expect, it } from "vitest";
import { describeInterval, REPORTING_INTERVAL_DEFAULT, reportingStatus, staleBefore } from "./reporting";

const now = new Date("2026-11-30T12:00:00Z");
const ago = (min: number) => new Date(now.getTime() - min * 60_000);

describe("reportingStatus", () => {
  it("is never without a check-in", () => expect(reportingStatus(null, 180, now)).toBe("never"));

  it("is not-reporting only past the interval, strictly", () => {
    expect(reportingStatus(ago(1), 180, now)).toBe("reporting");
    expect(reportingStatus(ago(180), 180, now)).toBe("reporting");
    expect(reportingStatus(ago(181), 180, now)).toBe("not-reporting");
    expect(reportingStatus(ago(3 * 1440).toISOString(), REPORTING_INTERVAL_DEFAULT, now)).toBe("not-reporting");
    expect(reportingStatus(ago(30), 15, now)).toBe("not-reporting");
  });

  it("agrees with staleBefore", () => expect(staleBefore(now, 60).toISOString()).toBe("2026-11-30T11:00:00.000Z"));
});

describe("describeInterval", () => {
  it("picks the largest whole unit", () => {
    expect(describeInterval(180)).toBe("3 h");
    expect(describeInterval(90)).toBe("90 min");
    expect(describeInterval(2880)).toBe("2 d");
  });
});
