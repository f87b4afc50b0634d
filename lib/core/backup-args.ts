// Command lines of `npm run backup` and `npm run restore` (scripts/backup.ts, scripts/restore.ts): pure, so each
// mistake an operator can make is answered with what to type instead, before anything is read or written.

export interface BackupArgs {
  out: string;
  /** The data folder to dump when no server holds it (default FLEETPRINT_DATA_DIR, else ./.data). */
  dataDir: string;
  /** The running server to ask when one holds the folder (default FLEETPRINT_URL, else http://127.0.0.1:$PORT). */
  server: string;
  force: boolean;
}

export interface RestoreArgs {
  in: string;
  dataDir: string;
}

export type Parsed<T> = { ok: true; args: T } | { ok: false; message: string };

export const BACKUP_USAGE = "usage: npm run backup -- --out FILE [--data-dir DIR] [--server URL] [--force]";
export const RESTORE_USAGE = "usage: npm run restore -- --in FILE --data-dir DIR";

type Env = Record<string, string | undefined>;

/** `--flag value` and `--flag=value` pairs, and bare boolean flags; an unknown flag is an error, not ignored. */
function readFlags(argv: readonly string[], valued: readonly string[], bare: readonly string[]): Parsed<Map<string, string | true>> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2) as [string, string | undefined];
    if (bare.includes(name) && inline === undefined) flags.set(name, true);
    else if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) return { ok: false, message: `${name} needs a value` };
      flags.set(name, value);
    } else return { ok: false, message: `unknown argument "${argv[i]}"` };
  }
  return { ok: true, args: flags };
}

const str = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

export function parseBackupArgs(argv: readonly string[], env: Env): Parsed<BackupArgs> {
  const f = readFlags(argv, ["--out", "--data-dir", "--server"], ["--force"]);
  if (!f.ok) return { ok: false, message: `${f.message}\n${BACKUP_USAGE}` };
  const out = str(f.args.get("--out"));
  if (!out) return { ok: false, message: `--out FILE is required (where the .tar.gz goes)\n${BACKUP_USAGE}` };
  const server = (str(f.args.get("--server")) ?? env.FLEETPRINT_URL?.trim()) || `http://127.0.0.1:${env.PORT?.trim() || "3000"}`;
  if (!/^https?:\/\/[^/]/.test(server)) return { ok: false, message: `--server must be an http:// or https:// URL (got "${server}")` };
  return {
    ok: true,
    args: { out, dataDir: (str(f.args.get("--data-dir")) ?? env.FLEETPRINT_DATA_DIR?.trim()) || ".data", server: server.replace(/\/+$/, ""), force: f.args.get("--force") === true },
  };
}

export function parseRestoreArgs(argv: readonly string[]): Parsed<RestoreArgs> {
  const f = readFlags(argv, ["--in", "--data-dir"], []);
  if (!f.ok) return { ok: false, message: `${f.message}\n${RESTORE_USAGE}` };
  const input = str(f.args.get("--in"));
  const dataDir = str(f.args.get("--data-dir"));
  // No default folder: a restore names where it goes, so it never lands in the folder a server is using.
  if (!input || !dataDir) return { ok: false, message: `${!input ? "--in FILE" : "--data-dir DIR"} is required\n${RESTORE_USAGE}` };
  return { ok: true, args: { in: input, dataDir } };
}

/** The gzip magic number: a file that lacks it is not a dump (an HTML error page, a truncated download). */
export function looksGzipped(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
