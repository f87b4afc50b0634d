import { describe, expect, it } from "vitest";
import { acceptedRequestId } from "./request-id";

describe("acceptedRequestId", () => {
  it("keeps the ids proxies and tracers send", () => {
    for (const id of ["3f0c2b8e-1d2a-4c5b-9e8f-0a1b2c3d4e5f", "01HZX3J9K8Q2W", "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8", "req_42", "a"]) {
      expect(acceptedRequestId(id)).toBe(id);
    }
  });

  it("replaces anything that could forge or flood a log line", () => {
    expect(acceptedRequestId("x".repeat(128))).toBe("x".repeat(128));
    expect(acceptedRequestId("x".repeat(129))).toBeNull();
    for (const bad of ["", "two words", 'quo"te', "line\nbreak", "tab\t", "ünïcode", "<script>", "a,b"]) expect(acceptedRequestId(bad)).toBeNull();
  });

  it("takes no id from a missing or repeated header", () => {
    expect(acceptedRequestId(undefined)).toBeNull();
    expect(acceptedRequestId(null)).toBeNull();
    expect(acceptedRequestId(["a", "b"])).toBeNull();
  });
});
