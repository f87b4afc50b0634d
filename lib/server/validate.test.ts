import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { enrollSchema, hostnameSchema, parseWith } from "./validate";

const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.message;
    throw e;
  }
  return "";
};

describe("enrollSchema", () => {
  it("accepts what the agent sends", () => {
    expect(parseWith(enrollSchema, { secret: "fpe_x", hostname: "web-01", machineId: "3d1219c7" })).toEqual({ secret: "fpe_x", hostname: "web-01", machineId: "3d1219c7" });
    expect(parseWith(enrollSchema, { secret: "fpe_x", hostname: "web-01" }).machineId).toBeNull();
  });

  it("names the field and the character for control and bidirectional characters", () => {
    expect(messageOf(() => parseWith(enrollSchema, { secret: "s", hostname: "web\u202E10" }))).toBe(
      "hostname: contains a control or bidirectional character (U+202E)",
    );
    expect(messageOf(() => parseWith(enrollSchema, { secret: "s", hostname: "web-01", machineId: "ab\ncd" }))).toBe(
      "machineId: contains a control or bidirectional character (U+000A)",
    );
    expect(messageOf(() => parseWith(enrollSchema, { secret: "s", hostname: "web 01" }))).toBe("hostname: letters, digits, dot, dash and underscore only");
  });
});

describe("hostnameSchema", () => {
  it("refuses an unpaired surrogate", () => {
    expect(hostnameSchema.safeParse("web\ud800").success).toBe(false);
  });
});
