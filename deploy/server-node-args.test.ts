// The node arguments npm start and the scale bench give scripts/server.mjs (scripts/server-node-args.mjs).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MB, gcArgs, heapArgs, serverNodeArgs } from "../scripts/server-node-args.mjs";

describe("server node arguments", () => {
  it("caps the heap unless NODE_OPTIONS does, and refuses a cap too small to run in", () => {
    expect(heapArgs({})).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`]);
    expect(heapArgs({ FLEETPRINT_HEAP_MB: "2048" })).toEqual(["--max-old-space-size=2048"]);
    expect(heapArgs({ NODE_OPTIONS: "--max-old-space-size=4096", FLEETPRINT_HEAP_MB: "2048" })).toEqual([]);
    expect(() => heapArgs({ FLEETPRINT_HEAP_MB: "100" })).toThrow(/256 or more/);
  });

  it("collects on the JavaScript thread with PostgreSQL, with helper threads on the embedded database, as FLEETPRINT_GC says", () => {
    expect(gcArgs({})).toEqual([]);
    expect(gcArgs({ DATABASE_URL: "" })).toEqual([]);
    expect(gcArgs({ DATABASE_URL: "postgres://db/fp" })).toEqual(["--single-threaded-gc"]);
    expect(gcArgs({ DATABASE_URL: "postgres://db/fp", FLEETPRINT_GC: "parallel" })).toEqual([]);
    expect(gcArgs({ FLEETPRINT_GC: "single" })).toEqual(["--single-threaded-gc"]);
    expect(() => gcArgs({ FLEETPRINT_GC: "fast" })).toThrow(/"single" or "parallel"/);
    expect(serverNodeArgs({ DATABASE_URL: "postgres://db/fp" })).toEqual([`--max-old-space-size=${DEFAULT_HEAP_MB}`, "--single-threaded-gc"]);
  });

  it("gives arguments this node accepts", () => {
    const r = spawnSync(process.execPath, [...serverNodeArgs({ FLEETPRINT_GC: "single" }), "-e", "process.exit(0)"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
