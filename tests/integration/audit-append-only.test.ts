// The audit log cannot be rewritten through the app's own database role: UPDATE, DELETE and TRUNCATE raise.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { SYSTEM, writeAudit } from "@/lib/services/audit";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";

describe.each(DRIVERS)("append-only audit log on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await writeAudit(t.db, SYSTEM, "test.entry", "subject", { n: 1 });
  });
  afterAll(async () => t?.close());

  it.each([
    ["update", sql`update audit_log set subject = 'rewritten'`],
    ["delete", sql`delete from audit_log`],
    ["truncate", sql`truncate audit_log`],
  ])("refuses %s", async (_, statement) => {
    await expect(t.db.execute(statement)).rejects.toThrow();
    const rows = rowsOf<{ subject: string }>(await t.db.execute(sql`select subject from audit_log where action = 'test.entry'`));
    expect(rows.map((r) => r.subject)).toEqual(["subject"]);
  });

  it("still appends", async () => {
    await writeAudit(t.db, SYSTEM, "test.entry", "second");
    const rows = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log where action = 'test.entry'`));
    expect(Number(rows[0].n)).toBe(2);
  });
});
