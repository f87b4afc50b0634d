// Migration 0006 rewrites stored fingerprints (plain sorted item ids) as id differences; what a host reported
// must read back the same after it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "@/db/client";
import { fromDeltas } from "@/lib/core/id-deltas";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fp-migrate-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The migrations folder as it was up to (and including) migration `last`. */
function folderUpTo(last: number): string {
  const dir = path.join(tmp, `upto-${last}`);
  fs.mkdirSync(path.join(dir, "meta"), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8"));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= last);
  fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries as { tag: string }[]) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

describe("migration to id differences", () => {
  it("rewrites stored references as differences and keeps every item", async () => {
    const client = await PGlite.create();
    const db = drizzle(client);
    try {
      await migrate(db, { migrationsFolder: folderUpTo(5) });
      const packages = [5, 1, 2, 3, 900];
      const configs = Array.from({ length: 300 }, (_, i) => 10 + i);
      await client.query(
        `insert into fingerprints (hash, os, package_ids, config_ids, package_count, config_count) values
          ('a', '{}'::jsonb, $1, $2, 5, 300), ('empty', '{}'::jsonb, '{}', '{}', 0, 0)`,
        [[...packages].sort((x, y) => x - y), configs],
      );
      await migrate(db, { migrationsFolder });
      const rows = (await client.query<{ hash: string; p: number[]; c: number[] }>("select hash, package_id_deltas as p, config_id_deltas as c from fingerprints order by hash")).rows;
      expect(rows.map((r) => r.hash)).toEqual(["a", "empty"]);
      expect(rows[0].p).toEqual([1, 1, 1, 2, 895]);
      expect(fromDeltas(rows[0].p)).toEqual([1, 2, 3, 5, 900]);
      expect(fromDeltas(rows[0].c)).toEqual(configs);
      expect(rows[1]).toMatchObject({ p: [], c: [] });
    } finally {
      await client.close();
    }
  });
});
