import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { cachedHostAuth, forgetHostAuth, hostAuthStamp, rememberHostAuth } from "./host-auth-cache";

// The cache is keyed by handle object; a plain object stands in for one (no query is made).
const handle = () => ({}) as unknown as Db;

describe("host auth cache stamps", () => {
  it("remembers what was read while nothing was forgotten", () => {
    const db = handle();
    const stamp = hostAuthStamp(db, "k1");
    expect(rememberHostAuth(db, "k1", "v1", stamp)).toBe(true);
    expect(cachedHostAuth(db, "k1")).toBe("v1");
  });

  it("refuses a value read before its key was forgotten, and only that key's", () => {
    const db = handle();
    const s1 = hostAuthStamp(db, "k1");
    const s2 = hostAuthStamp(db, "k2");
    forgetHostAuth(db, "k1"); // e.g. a racing report of host 1 was written meanwhile
    expect(rememberHostAuth(db, "k1", "stale", s1)).toBe(false);
    expect(cachedHostAuth(db, "k1")).toBeUndefined();
    // Another host's write does not stop this one from being remembered (a herd keeps its cache warm).
    expect(rememberHostAuth(db, "k2", "v2", s2)).toBe(true);
  });

  it("refuses every value read before everything was forgotten", () => {
    const db = handle();
    const s = hostAuthStamp(db, "k1");
    rememberHostAuth(db, "k1", "v1", s);
    forgetHostAuth(db); // e.g. a rebuild started waiting, an alert channel changed
    expect(cachedHostAuth(db, "k1")).toBeUndefined();
    expect(rememberHostAuth(db, "k1", "v1", s)).toBe(false);
  });
});
