// The data-folder lock against real processes: a live Fleetprint keeps the folder, a PID that now belongs to
// someone else (reused after a crash, a reboot or a container restart) does not.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DATA_DIR_LOCKED, LOCK_FILE, acquireDataDirLock, parseLockFile, parseStartTime, processStart } from "./lock";

const hasProc = fs.existsSync(`/proc/${process.pid}/stat`);
let dir: string;
let node: ChildProcess;
let sleeper: ChildProcess;

beforeAll(() => {
  // A live node process that is not us (as another Fleetprint would be), and a live process that is not node.
  node = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
  sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
});
afterAll(() => {
  node.kill();
  sleeper.kill();
});
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const fresh = () => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-lock-unit-")));
const lockFile = () => path.join(dir, LOCK_FILE);
const writeLock = (content: string) => fs.writeFileSync(lockFile(), content);
const lockOf = (pid: number, start: string | null) => JSON.stringify({ pid, start });

describe("parsing", () => {
  it("reads the start time after the command name, whatever the name holds", () => {
    const rest = "S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 777 20";
    expect(parseStartTime(`42 (node) ${rest}`)).toBe("777");
    expect(parseStartTime(`42 (a ) b (c)) ${rest}`)).toBe("777");
    expect(parseStartTime("42 (node) S 1")).toBeNull();
  });

  it("reads both lock formats and nothing else", () => {
    expect(parseLockFile('{"pid":12,"start":"345"}')).toEqual({ pid: 12, start: "345" });
    expect(parseLockFile("12\n")).toEqual({ pid: 12, start: null });
    expect(parseLockFile('{"pid":12,"start":null}')).toEqual({ pid: 12, start: null });
    for (const bad of ["", "0", "-3", "{}", '{"pid":"12"}', "garbage"]) expect(parseLockFile(bad)).toBeNull();
  });
});

describe("acquireDataDirLock", () => {
  it("records pid and start time, and removes the file on release", () => {
    fresh();
    const release = acquireDataDirLock(dir);
    expect(parseLockFile(fs.readFileSync(lockFile(), "utf8"))).toEqual({ pid: process.pid, start: processStart(process.pid) });
    expect(acquireDataDirLock(dir)).toBeTypeOf("function"); // the same process again: no conflict
    release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it("refuses while the live process that wrote the lock runs, with a clear message", () => {
    fresh();
    writeLock(lockOf(node.pid!, processStart(node.pid!)));
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: DATA_DIR_LOCKED, message: expect.stringMatching(new RegExp(`in use by process ${node.pid}\\b.*FLEETPRINT_DATA_DIR`)) });
    // An old-format lock (a bare PID) of a live node process is respected too.
    writeLock(String(node.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process/);
  });

  it.skipIf(!hasProc)("takes over a lock whose PID now belongs to a process started at another time", () => {
    fresh();
    const start = processStart(node.pid!)!;
    writeLock(lockOf(node.pid!, String(Number(start) + 1))); // the same PID, reused by a later process
    const release = acquireDataDirLock(dir);
    expect(parseLockFile(fs.readFileSync(lockFile(), "utf8"))!.pid).toBe(process.pid);
    release();
  });

  it.skipIf(!hasProc)("takes over a bare-PID lock whose PID now runs something that is not node", () => {
    fresh();
    writeLock(String(sleeper.pid));
    acquireDataDirLock(dir)();
  });

  it("takes over our own PID from a previous life (a restarted container) and a dead PID", () => {
    fresh();
    writeLock(lockOf(process.pid, "1"));
    acquireDataDirLock(dir)();
    writeLock(String(process.pid));
    acquireDataDirLock(dir)();
    writeLock("999999999");
    acquireDataDirLock(dir)();
    writeLock("not a lock");
    acquireDataDirLock(dir)();
    expect(fs.readdirSync(dir)).toEqual([]); // no temp or stale files left behind
  });
});
