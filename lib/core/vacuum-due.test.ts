import { describe, expect, it } from "vitest";
import { maintenanceDue, maintenanceStatements, quoteIdent } from "./vacuum-due";

const t = (name: string, live: number, dead = 0, insertedSinceVacuum = 0, modifiedSinceAnalyze = 0) => ({ name, live, dead, insertedSinceVacuum, modifiedSinceAnalyze });

describe("maintenanceDue", () => {
  it("vacuums a table whose dead rows passed 50 + a fifth of its live ones", () => {
    expect(maintenanceDue([t("hosts", 10_000, 2_050)]).vacuum).toEqual([]);
    expect(maintenanceDue([t("hosts", 10_000, 2_051)]).vacuum).toEqual(["hosts"]);
    expect(maintenanceDue([t("tiny", 0, 51)]).vacuum).toEqual(["tiny"]);
  });

  it("vacuums an append-only table after 1,000 + a fifth of its rows were inserted", () => {
    expect(maintenanceDue([t("host_history", 5_000, 0, 2_000)]).vacuum).toEqual([]);
    expect(maintenanceDue([t("host_history", 5_000, 0, 2_001)]).vacuum).toEqual(["host_history"]);
  });

  it("analyzes only when enough changed for statistics but too little died for a vacuum", () => {
    const plan = maintenanceDue([t("fleets", 100, 10, 0, 61), t("jobs", 100, 71, 0, 500), t("quiet", 100, 0, 0, 60)]);
    expect(plan).toEqual({ vacuum: ["jobs"], analyze: ["fleets"] });
  });

  it("leaves the content tables' inserts alone and vacuums their dead rows", () => {
    expect(maintenanceDue([t("fingerprints", 1_000, 0, 50_000, 50_000), t("config_items", 1_000, 500)])).toEqual({ vacuum: ["config_items"], analyze: [] });
  });

  it("does nothing for an idle database", () => {
    expect(maintenanceDue([t("hosts", 50_000), t("fleets", 3)])).toEqual({ vacuum: [], analyze: [] });
  });
});

describe("quoteIdent", () => {
  it("quotes, doubling quotes inside", () => {
    expect(quoteIdent("hosts")).toBe('"hosts"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});

describe("maintenanceStatements", () => {
  it("vacuums content tables without analyze, and runs nothing for an empty plan", () => {
    expect(maintenanceStatements({ vacuum: ["config_items", "hosts", "jobs"], analyze: ["fleets"] })).toEqual([
      'vacuum (analyze) "hosts", "jobs"',
      'vacuum "config_items"',
      'analyze "fleets"',
    ]);
    expect(maintenanceStatements({ vacuum: [], analyze: [] })).toEqual([]);
  });
});
