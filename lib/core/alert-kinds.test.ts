import { describe, expect, it } from "vitest";
import { describeCounts } from "./alert-kinds";

describe("describeCounts", () => {
  it("names each kind once, in a fixed order, singular or plural", () => {
    expect(describeCounts({ "rebuild-failed": 1, "host-drifted": 500, "snowflake-new": 2 })).toBe(
      "500 hosts started drifting, 2 new snowflakes, 1 rebuild failed",
    );
    expect(describeCounts({ "host-drifted": 1, "rebuild-approval-needed": 3 })).toBe("1 host started drifting, 3 rebuilds need approval");
  });

  it("counts hosts that stopped reporting", () => {
    expect(describeCounts({ "host-not-reporting": 3, "host-drifted": 1 })).toBe("1 host started drifting, 3 hosts stopped reporting");
  });

  it("leaves zero counts out and says so when nothing is left", () => {
    expect(describeCounts({ "host-drifted": 0 })).toBe("no events");
  });
});
