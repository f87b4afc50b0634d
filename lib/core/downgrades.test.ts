import { describe, expect, it } from "vitest";
import { describeDowngrades, downgradesOf } from "./downgrades";
import type { DriftItem } from "./types";

const item = (subject: string, expected: string, actual: string, direction?: "ahead" | "behind"): DriftItem => ({ kind: "package-version", subject, expected, actual, explain: "", ...(direction ? { direction } : {}) });

describe("downgrades", () => {
  it("lists only packages ahead of the spec, from the host's version to the spec's", () => {
    const drift = [item("libssl3", "3.0.19-1~deb12u3", "3.0.19-1~deb12u4", "ahead"), item("curl", "7.88.1-10+deb12u8", "7.88.1-10+deb12u5", "behind"), item("rpm-kernels", "a, b", "c")];
    expect(downgradesOf("web-22", drift)).toEqual([{ hostname: "web-22", subject: "libssl3", from: "3.0.19-1~deb12u4", to: "3.0.19-1~deb12u3" }]);
  });
  it("says it in one line a person can approve", () => {
    const list = ["a", "b", "c", "d"].map((s) => ({ hostname: "web-22", subject: s, from: "2", to: "1" }));
    expect(describeDowngrades(list.slice(0, 1))).toBe("downgrades a 2 → 1 on web-22");
    expect(describeDowngrades(list)).toBe("downgrades a 2 → 1 on web-22, b 2 → 1 on web-22, c 2 → 1 on web-22 and 1 more");
    expect(describeDowngrades([])).toBe("");
  });
});
