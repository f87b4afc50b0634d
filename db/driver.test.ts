import { describe, expect, it } from "vitest";
import { chooseDriver } from "./driver";

describe("chooseDriver", () => {
  it("defaults to PGlite in ./.data", () => {
    expect(chooseDriver({}, "/srv/app")).toEqual({ kind: "pglite", dataDir: "/srv/app/.data" });
  });
  it("honours FLEETPRINT_DATA_DIR, relative or absolute", () => {
    expect(chooseDriver({ FLEETPRINT_DATA_DIR: "db" }, "/srv/app")).toEqual({ kind: "pglite", dataDir: "/srv/app/db" });
    expect(chooseDriver({ FLEETPRINT_DATA_DIR: "/var/lib/fp" }, "/x")).toEqual({ kind: "pglite", dataDir: "/var/lib/fp" });
  });
  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(chooseDriver({ DATABASE_URL: "postgres://u:p@127.0.0.1/fp" }, "/x")).toEqual({ kind: "postgres", url: "postgres://u:p@127.0.0.1/fp" });
    expect(chooseDriver({ DATABASE_URL: "postgresql://h/fp" }, "/x").kind).toBe("postgres");
  });
  it("treats a blank DATABASE_URL as unset", () => {
    expect(chooseDriver({ DATABASE_URL: "  " }, "/x").kind).toBe("pglite");
  });
  it("refuses a URL that is not PostgreSQL, saying why", () => {
    expect(() => chooseDriver({ DATABASE_URL: "mysql://h/db" }, "/x")).toThrow(/must start with postgres/);
  });
});
