import { describe, expect, it } from "vitest";
import { sortParams, withParams } from "./url-params";

describe("withParams", () => {
  it("replaces its own keys, drops defaults and keeps the other sections' keys in place", () => {
    const p = withParams("q=web&driftKind=config-changed&page=3", { q: "db", page: null, drifted: false, item: "" });
    expect(p.toString()).toBe("driftKind=config-changed&q=db");
  });
});

describe("sortParams", () => {
  const dirOf = (s: "name" | "hosts") => (s === "name" ? "asc" : "desc");
  it("leaves the default order out of the URL and writes sort and direction together otherwise", () => {
    expect(sortParams("hosts", "desc", "hosts", dirOf)).toEqual({ sort: null, dir: null });
    expect(sortParams("hosts", "asc", "hosts", dirOf)).toEqual({ sort: "hosts", dir: "asc" });
    expect(sortParams("name", "asc", "hosts", dirOf)).toEqual({ sort: "name", dir: "asc" });
  });
});
