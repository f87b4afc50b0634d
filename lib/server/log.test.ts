import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, logLevel, showOnce } from "./log";

function capture(env: Record<string, string | undefined> = {}) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split("\n")) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: createLogger(env, stream, false), lines };
}

describe("the logger", () => {
  it("writes one JSON object a line, with the level from LOG_LEVEL", () => {
    const { log, lines } = capture({ LOG_LEVEL: "warn" });
    log.info("not shown");
    log.warn({ reqId: "r1" }, "shown");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, reqId: "r1", msg: "shown" });
    expect(typeof lines[0].time).toBe("string");
  });

  it("refuses an unknown LOG_LEVEL and defaults to info", () => {
    expect(logLevel({})).toBe("info");
    expect(logLevel({ LOG_LEVEL: "DEBUG" })).toBe("debug");
    expect(() => logLevel({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL=verbose is not one of/);
  });

  it("censors secrets wherever a logged object carries them", () => {
    const { log, lines } = capture();
    log.info({ authorization: "Bearer fpt_top", password: "hunter2hunter2", hostKey: "fph_x", headers: { cookie: "s=abc", authorization: "Bearer fph_y" }, input: { secret: "fpe_z", token: "fpt_w" } }, "x");
    const text = JSON.stringify(lines);
    for (const s of ["fpt_top", "hunter2hunter2", "fph_x", "s=abc", "fph_y", "fpe_z", "fpt_w"]) expect(text).not.toContain(s);
    expect(lines[0]).toMatchObject({ authorization: "[redacted]", headers: { cookie: "[redacted]" }, input: { secret: "[redacted]" } });
  });

  it("cuts a failed query's parameters from an error and its cause", () => {
    const { log, lines } = capture();
    const cause = Object.assign(new Error("duplicate key"), { parameters: ["sess_secret_1"] });
    const e = Object.assign(new Error('Failed query: insert into "session" values ($1)\nparams: sess_secret_2,user-1'), { params: ["sess_secret_2"], cause });
    log.error({ err: e }, "failed");
    const text = JSON.stringify(lines);
    expect(text).not.toContain("sess_secret");
    expect(text).toContain("Failed query: insert into");
    expect(text).toContain("params: [redacted]");
    expect(text).toContain("duplicate key");
  });

  it("shows a generated secret on a terminal only; a log gets where it is kept", () => {
    const { lines } = capture();
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (written.push(s), true)) as typeof process.stdout.write;
    try {
      showOnce("a token", "fpa_secret", "/data/admin-token", "Use it once.", true);
    } finally {
      process.stdout.write = write;
    }
    expect(written.join("")).toContain("fpa_secret");
    expect(lines).toEqual([]);
  });
});
