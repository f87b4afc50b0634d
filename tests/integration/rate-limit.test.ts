// The shared counters behind sign-in limits, and the bootstrap token's "first admin only" rule, on both databases.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimits, users } from "@/db/schema";
import { createUser } from "@/lib/services/create-user";
import { hitRateLimit, pruneRateLimits, refundRateLimit, resetRateLimit } from "@/lib/services/rate-limit";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";

const RULE = { max: 5, windowSeconds: 900 };
const T0 = new Date("2026-11-30T12:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe.each(DRIVERS)("rate limits on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(() => t?.close());

  it("allows max attempts in a window, then refuses until the window's end", async () => {
    const got = [];
    for (let i = 0; i < 7; i++) got.push(await hitRateLimit(t.db, "k:window", RULE, at(i * 10)));
    expect(got.map((h) => h.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(got[5]).toEqual({ hits: 6, allowed: false, retryAfter: 850 }); // the window began at T0
    expect(got[6].retryAfter).toBe(840);
    const [row] = await t.db.select().from(rateLimits).where(eq(rateLimits.key, "k:window"));
    expect(row.blockedUntil?.toISOString()).toBe(at(900).toISOString());
    // Still refused a second before the end; a fresh window after it.
    expect((await hitRateLimit(t.db, "k:window", RULE, at(899))).allowed).toBe(false);
    expect(await hitRateLimit(t.db, "k:window", RULE, at(900))).toEqual({ hits: 1, allowed: true, retryAfter: 0 });
  });

  it("gives concurrent attempts distinct counts: a burst gets exactly max through", async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(t.db, "k:burst", RULE, T0)));
    expect(burst.map((h) => h.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(burst.filter((h) => h.allowed)).toHaveLength(5);
  });

  it("refunds and resets", async () => {
    for (let i = 0; i < 5; i++) await hitRateLimit(t.db, "k:refund", RULE, T0);
    await refundRateLimit(t.db, "k:refund");
    expect((await hitRateLimit(t.db, "k:refund", RULE, T0)).allowed).toBe(true); // 5th again
    expect((await hitRateLimit(t.db, "k:refund", RULE, T0)).allowed).toBe(false);
    await refundRateLimit(t.db, "k:refund");
    expect((await hitRateLimit(t.db, "k:refund", RULE, T0)).allowed).toBe(false); // a block outlives a refund
    await resetRateLimit(t.db, "k:refund");
    expect(await hitRateLimit(t.db, "k:refund", RULE, T0)).toEqual({ hits: 1, allowed: true, retryAfter: 0 });
  });

  it("prunes counters whose window and block ended long ago, and only those", async () => {
    await hitRateLimit(t.db, "k:old", RULE, at(-3 * 86_400));
    await hitRateLimit(t.db, "k:new", RULE, T0);
    await pruneRateLimits(t.db, 86_400, T0);
    const keys = (await t.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain("k:new");
    expect(keys).not.toContain("k:old");
  });

  it("the bootstrap rule: a first admin while none is active, then 403 saying how to go on", async () => {
    const by = { name: "bootstrap-admin-token", ip: null };
    const make = (email: string) => createUser(t.db, by, { email, name: "A", password: "first-admin-1", role: "admin" }, { onlyWithoutAdmin: true });
    const race = await Promise.allSettled([make("one@boot.test"), make("two@boot.test")]);
    expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = race.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "forbidden", status: 403 });
    expect(refused.reason.message).toMatch(/An admin already exists.*People page \(\/admin\/users\)/);
    // Only an active admin counts: with every admin disabled, the token works again (the way back in).
    await t.db.update(users).set({ disabled: true }).where(eq(users.role, "admin"));
    expect((await make("three@boot.test")).role).toBe("admin");
    await expect(make("four@boot.test")).rejects.toMatchObject({ status: 403 });
  });
});
