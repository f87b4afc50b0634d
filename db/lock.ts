// PGlite has no lock on its data folder: two processes on one folder lose writes silently.
// We take an exclusive lock file and fail fast, naming the process that holds it. A PID alone does not name a
// process for long: after a crash, a reboot or a container restart the same number belongs to someone else (in a
// container often to the new Fleetprint itself), so the file also records when its process started
// (/proc/<pid>/stat field 22), and only that very process, still running node, holds the folder.
import fs from "node:fs";
import path from "node:path";

export const LOCK_FILE = "fleetprint.lock";
export const DATA_DIR_LOCKED = "FLEETPRINT_DATA_DIR_LOCKED";

/** Thrown when a live process holds the folder; `code` lets the server's startup recognise it and exit. */
export class DataDirLockedError extends Error {
  readonly code = DATA_DIR_LOCKED;
  constructor(message: string) {
    super(message);
    this.name = "DataDirLockedError";
  }
}

export interface LockHolder {
  pid: number;
  /** Start time in clock ticks after boot; null in locks written before it was recorded (a bare PID). */
  start: string | null;
}

/** What a lock file says: `{"pid":…,"start":"…"}`, or the bare PID older versions wrote. */
export function parseLockFile(text: string): LockHolder | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) > 0 ? { pid: Number(t), start: null } : null;
  try {
    const v = JSON.parse(t) as { pid?: unknown; start?: unknown };
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0) return null;
    return { pid: v.pid as number, start: typeof v.start === "string" && /^\d+$/.test(v.start) ? v.start : null };
  } catch {
    return null;
  }
}

/** Field 22 (starttime) of a /proc/<pid>/stat line. */
export function parseStartTime(stat: string): string | null {
  // Field 2 is the command name in parentheses, which may itself hold spaces and ')': count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const start = fields[22 - 3];
  return start && /^\d+$/.test(start) ? start : null;
}

const readProc = (pid: number, file: string): string | null => {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
};

/** When `pid` started (clock ticks after boot), or null where there is no /proc (macOS) or no such process. */
export function processStart(pid: number): string | null {
  const stat = readProc(pid, "stat");
  return stat === null ? null : parseStartTime(stat);
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Is the process that wrote the lock still the one running under its PID? */
export function holderAlive(h: LockHolder): boolean {
  if (!exists(h.pid)) return false;
  const start = processStart(h.pid);
  if (start === null) return true; // no /proc: a live PID is all there is to go on
  if (h.start !== null && h.start !== start) return false; // the PID was reused
  // `next dev` renames its server process "next-server (v…)"; anything else under that PID is not ours.
  const cmdline = readProc(h.pid, "cmdline");
  return cmdline === null || /node|next-/.test(cmdline);
}

export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, start: processStart(process.pid) });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(file, mine)) {
      const release = () => {
        try {
          if (fs.readFileSync(file, "utf8") === mine) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // released meanwhile
      throw e;
    }
    if (text === mine) return () => {}; // this very process opened the folder before
    const holder = parseLockFile(text);
    // Our own PID in someone else's lock is a previous life of this PID (a restarted container's node is PID 1 again).
    if (holder && holder.pid !== process.pid && holderAlive(holder)) {
      throw new DataDirLockedError(
        `The embedded database in ${dir} is in use by process ${holder.pid}. ` +
          `Stop that process, or point FLEETPRINT_DATA_DIR at another folder, or use DATABASE_URL for several instances.`,
      );
    }
    removeStale(file, text);
  }
  throw new Error(`Could not take the lock ${file}`);
}

/** Creates the lock with its whole content at once (a hard link appears complete), false when it exists. */
function create(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw e;
    // A filesystem without hard links: exclusive create, with a moment in which the file is still empty.
    try {
      fs.writeFileSync(file, content, { flag: "wx", mode: 0o600 });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e2;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Moves a stale lock aside, then checks it moved the one judged stale: two starters that both judged it stale must
 * not both win, so one that finds it moved a newer lock (the other starter's) puts it back and tries again.
 */
function removeStale(file: string, staleText: string) {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  try {
    if (fs.readFileSync(aside, "utf8") !== staleText) fs.linkSync(aside, file);
  } catch {
    /* a third starter got in between: it holds the lock now */
  } finally {
    fs.rmSync(aside, { force: true });
  }
}
