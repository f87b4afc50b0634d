// `npm run backup -- --out FILE`: a consistent dump of the embedded database. A running server holds its data
// folder (db/lock.ts), so then the dump is taken by that server (GET /api/v1/backup, with an admin's API token in
// FLEETPRINT_TOKEN); with no server running, this script opens the folder itself. PostgreSQL: pg_dump (README).
import fs from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { dumpDataFolder } from "@/db/backup";
import { DATA_DIR_LOCKED } from "@/db/lock";
import { looksGzipped, parseBackupArgs, type BackupArgs } from "@/lib/core/backup-args";

const fail = (message: string): never => {
  console.error(`[fleetprint] ${message}`);
  process.exit(1);
};

async function fromServer(args: BackupArgs, partial: string): Promise<void> {
  const token = process.env.FLEETPRINT_TOKEN?.trim();
  if (!token) fail(`A server holds the data folder, so it takes the dump: set FLEETPRINT_TOKEN to an admin's API token (fpt_…, made at /settings/tokens) and run this again (server: ${args.server}, --server to change).`);
  const r = await fetch(`${args.server}/api/v1/backup`, { headers: { authorization: `Bearer ${token}` } }).catch((e: Error) => fail(`Could not reach ${args.server}: ${e.message}. Is the server listening there (--server URL)?`));
  if (!r.ok || !r.body) {
    const text = await r.text();
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      /* not JSON: shown as it came */
    }
    fail(`${args.server} answered ${r.status}: ${message}`);
  }
  await pipeline(r.body as unknown as NodeJS.ReadableStream, fs.createWriteStream(partial, { mode: 0o600 }));
}

async function main() {
  const parsed = parseBackupArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) return fail(parsed.message);
  const args = parsed.args;
  if (process.env.DATABASE_URL?.trim()) fail("DATABASE_URL is set: back PostgreSQL up with pg_dump -Fc (README, Backups); this script dumps the embedded database.");
  if (fs.existsSync(args.out) && !args.force) fail(`${args.out} exists; choose another --out or add --force to replace it.`);
  // Written aside and renamed at the end: an interrupted backup never leaves a file that looks complete.
  const partial = `${args.out}.partial`;
  try {
    const explicitServer = process.argv.some((a) => a === "--server" || a.startsWith("--server="));
    if (explicitServer) await fromServer(args, partial);
    else {
      try {
        const dump = await dumpDataFolder(args.dataDir);
        fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
        console.log(`[fleetprint] No server holds ${args.dataDir}: dumped it directly.`);
      } catch (e) {
        if ((e as { code?: string }).code !== DATA_DIR_LOCKED) throw e;
        console.log(`[fleetprint] ${(e as Error).message.split(". ")[0]}: asking that server (${args.server}) for the dump.`);
        await fromServer(args, partial);
      }
    }
    // The whole file must gunzip: a cut download or an error page is refused here, not found out at restore time.
    const head = Buffer.alloc(2);
    const fd = fs.openSync(partial, "r");
    fs.readSync(fd, head, 0, 2, 0);
    fs.closeSync(fd);
    if (!looksGzipped(head)) fail("What came back is not a gzipped dump; nothing was written.");
    await pipeline(fs.createReadStream(partial), zlib.createGunzip(), new Writable({ write: (_c, _e, cb) => cb() }));
    fs.renameSync(partial, args.out);
    console.log(`[fleetprint] Backup written to ${args.out} (${(fs.statSync(args.out).size / 1048576).toFixed(1)} MiB). Restore: npm run restore -- --in ${args.out} --data-dir NEW_FOLDER`);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
