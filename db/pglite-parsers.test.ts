import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIZZLE_PARSERS, leanClient, withoutDefaultParsers } from "./pglite-parsers";

describe("withoutDefaultParsers", () => {
  it("drops exactly drizzle's parser set and keeps every other option", () => {
    const own = { ...DRIZZLE_PARSERS };
    expect(withoutDefaultParsers({ rowMode: "array", parsers: own })).toEqual({ rowMode: "array" });
    // A caller's own parsers (another set, or one more type) are its business: passed through untouched.
    const other = { 16: (v: string) => v === "t" };
    expect(withoutDefaultParsers({ rowMode: "object", parsers: other })).toEqual({ rowMode: "object", parsers: other });
    const more = { ...own, 16: (v: string) => v };
    expect(withoutDefaultParsers({ parsers: more })?.parsers).toBe(more);
    expect(withoutDefaultParsers(undefined)).toBeUndefined();
  });
});

describe("a lean PGlite client under drizzle", () => {
  let client: PGlite;
  const seen: (object | undefined)[] = [];
  beforeAll(async () => {
    client = await PGlite.create();
    const query = client.query.bind(client);
    // What reaches PGlite itself: the lean view must not pass drizzle's parsers on.
    client.query = ((q: string, p?: unknown[], o?: Parameters<PGlite["query"]>[2]) => {
      seen.push(o?.parsers);
      return query(q, p, o);
    }) as PGlite["query"];
  });
  afterAll(() => client.close());

  it("reads timestamps, intervals, numerics and dates as drizzle expects, in and out of transactions", async () => {
    const db = drizzle(leanClient(client));
    const row = sql`select timestamptz '2026-12-01 10:00:00+00' as at, interval '2 days' as i, 1.50::numeric as n, date '2026-12-01' as d, array[timestamptz '2026-12-01 10:00:00+00'] as ats`;
    const out = await db.execute(row);
    const inTx = await db.transaction(async (tx) => tx.execute(row));
    for (const r of [out.rows[0], inTx.rows[0]]) {
      expect(r).toEqual({ at: "2026-12-01 10:00:00+00", i: "2 days", n: "1.50", d: "2026-12-01", ats: "{\"2026-12-01 10:00:00+00\"}" });
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p === undefined)).toBe(true);
  });

  it("lets PGlite's own methods run on the client", async () => {
    const lean = leanClient(client);
    await lean.exec("create table t (id int)");
    expect((await lean.query<{ n: number }>("select count(*)::int as n from t")).rows[0].n).toBe(0);
    expect(typeof (await lean.dumpDataDir("none")).size).toBe("number");
  });
});
