import "server-only";
// A host uploads the contents the server asked for (POST /api/v1/contents). Every file is checked before any is
// stored: its sha256 recomputed, it must be a regular file of the host's current fingerprint, outside the deny
// list (shadow files, private keys), at most 64 KiB of UTF-8 text without NUL. One bad file refuses the request
// whole: a collector that sends what it should not is broken, and a partial write would hide it.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import { checkContent, REFUSAL_TEXT, WANT_LIMIT } from "@/lib/core/config-content";
import { badRequest, conflict } from "@/lib/server/errors";
import { loadFingerprint } from "./fingerprint-store";
import type { AuthenticatedHost } from "./ingest-fingerprint";
import { noteContentsStored, noteStored } from "./want-content";

export interface UploadedContent {
  sha256: string;
  bytes: Buffer;
}

export interface StoreContentsResult {
  /** Newly stored. */
  stored: number;
  /** Already here (another host sent it first). */
  known: number;
}

export async function storeContents(db: Db, host: AuthenticatedHost, files: UploadedContent[]): Promise<StoreContentsResult> {
  if (!host.collectContent) throw conflict("This host's fleet does not collect config content (fleet policy collectContent is off); nothing was stored.");
  if (files.length > WANT_LIMIT) throw badRequest(`At most ${WANT_LIMIT} files per request; send the rest in another.`);
  const fp = host.fingerprintHash ? await loadFingerprint(db, host.fingerprintHash) : null;
  if (!fp) throw conflict("This host has not reported a fingerprint yet: send the report first, then the contents it asks for.");
  const pathOf = new Map<string, string>();
  for (const c of fp.configs) if (c.type === "file" && c.sha256 && !pathOf.has(c.sha256)) pathOf.set(c.sha256, c.path);
  const rows: { sha256: string; content: string; size: number }[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const actual = createHash("sha256").update(f.bytes).digest("hex");
    if (actual !== f.sha256) throw badRequest(`Content sent as ${f.sha256} has sha256 ${actual} (the file changed since it was hashed?). Nothing was stored.`);
    const path = pathOf.get(f.sha256);
    if (!path) throw badRequest(`No regular file of this host's current fingerprint has sha256 ${f.sha256}; send only what the server asked for (wantContent). Nothing was stored.`);
    const checked = checkContent(path, f.bytes);
    if (!checked.ok) throw badRequest(`${path} (${f.sha256.slice(0, 12)}) ${REFUSAL_TEXT[checked.refusal]}: its content is not kept. Nothing was stored.`);
    if (seen.has(f.sha256)) continue;
    seen.add(f.sha256);
    rows.push({ sha256: f.sha256, content: checked.text, size: f.bytes.length });
  }
  if (rows.length === 0) return { stored: 0, known: 0 };
  const inserted = await insertContents(db, rows);
  noteStored(db, host.fingerprintHash!);
  return { stored: inserted, known: rows.length - inserted };
}

/** Stores checked texts once by sha256, whatever the number of hosts racing to send them; how many were new. */
export async function insertContents(db: Db, rows: readonly { sha256: string; content: string; size: number }[]): Promise<number> {
  const inserted = rowsOf<{ sha256: string }>(
    await db.execute(sql`
      insert into config_contents (sha256, content, size)
      select * from unnest(${pgArray(rows.map((r) => r.sha256), "text")}, ${pgArray(rows.map((r) => r.content), "text")}, ${pgArray(rows.map((r) => r.size), "int")})
      on conflict (sha256) do nothing
      returning sha256`),
  );
  noteContentsStored(db, rows.map((r) => r.sha256));
  return inserted.length;
}
