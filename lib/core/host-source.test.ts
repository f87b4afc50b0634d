import { describe, expect, it } from "vitest";
import { HOST_SOURCES, parseHostSource } from "./host-source";
import { IMPORT_FORMATS } from "./import-report";

describe("host sources", () => {
  it("are the agent, an image and every import format", () => {
    expect(HOST_SOURCES).toEqual(["agent", "image", ...IMPORT_FORMATS]);
  });

  it("parses a known source and nothing else", () => {
    expect(parseHostSource("osquery")).toBe("osquery");
    expect(parseHostSource("Agent")).toBeNull();
    expect(parseHostSource("")).toBeNull();
    expect(parseHostSource(undefined)).toBeNull();
  });
});
