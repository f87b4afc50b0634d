import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { groupCommit } from "./group-commit";

// The queue is keyed by the database handle only: any object stands in for one here, the write is the test's.
const handle = () => ({}) as Db;

/** A queue of strings keyed by what precedes ":" that records its batches and answers each item with itself. */
function recording(name: string, lingerMs?: number) {
  const batches: string[][] = [];
  const commit = groupCommit<string, string>({
    name,
    max: 10,
    lingerMs,
    keys: (s) => [s.split(":")[0]],
    write: async (_db, items) => {
      batches.push(items);
      return items;
    },
    fallback: async () => [],
  });
  return { commit, batches };
}

describe("groupCommit", () => {
  it("writes what arrives together in one batch, items sharing a key in the next one, each caller its own result", async () => {
    const batches: string[][] = [];
    const commit = groupCommit<string, string>({
      name: "test-batches",
      max: 3,
      keys: (s) => [s.split(":")[0]],
      write: async (_db, items) => {
        batches.push(items);
        return items.map((i) => i.toUpperCase());
      },
      fallback: async () => [],
    });
    const db = handle();
    const out = await Promise.all(["a:1", "b:1", "a:2", "c:1", "d:1"].map((i) => commit(db, i)));
    expect(out).toEqual(["A:1", "B:1", "A:2", "C:1", "D:1"]);
    expect(batches).toEqual([["a:1", "b:1", "c:1"], ["a:2", "d:1"]]);
  });

  it("settles each item from the fallback when a batch fails: one bad item fails alone", async () => {
    const commit = groupCommit<number, number>({
      name: "test-fallback",
      max: 10,
      keys: (n) => [String(n)],
      write: async (_db, items) => {
        if (items.includes(13)) throw new Error("batch failed");
        return items.map((n) => n * 2);
      },
      fallback: async (_db, items) => items.map((n) => (n === 13 ? { ok: false as const, error: new Error("13 is bad") } : { ok: true as const, value: n * 2 })),
    });
    const db = handle();
    const out = await Promise.allSettled([1, 13, 2].map((n) => commit(db, n)));
    expect(out.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([2, "13 is bad", 4]);
    expect(await commit(db, 5)).toBe(10); // the queue goes on
  });

  it("waits for expected items (at most lingerMs): a report still being read joins the batch of the one before it", async () => {
    const { commit, batches } = recording("test-linger", 2_000);
    const db = handle();
    const laterDone = commit.expect(db, "b");
    const gone = commit.expect(db, "c");
    const a = commit(db, "a");
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([]); // "b" and "c" are expected: "a" waits
    const b = commit(db, "b"); // queuing "b" withdraws its expectation
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([]); // "c" is still expected
    gone(); // "c" will not come (its report was unchanged): the batch goes at once
    expect(await Promise.all([a, b])).toEqual(["a", "b"]);
    expect(batches).toEqual([["a", "b"]]);
    laterDone(); // already withdrawn by queuing: nothing to undo
    gone();
    await commit(db, "d");
    expect(batches).toEqual([["a", "b"], ["d"]]);
  });

  it("keeps each announcement apart: a host's second report still in flight is waited for after its first was queued", async () => {
    const { commit, batches } = recording("test-linger-same-key", 2_000);
    const db = handle();
    const first = commit.expect(db, "h");
    const second = commit.expect(db, "h");
    commit.expect(db, "other")(); // announced and withdrawn at once
    const h1 = commit(db, "h:1"); // withdraws the first announcement of "h"
    first(); // its caller is done: the second announcement stays
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([]);
    second();
    expect(await h1).toBe("h:1");
    expect(batches).toEqual([["h:1"]]);
  });

  it("stops waiting after lingerMs when an expected item never comes", async () => {
    const { commit, batches } = recording("test-linger-limit", 50);
    const db = handle();
    commit.expect(db, "never");
    const t0 = performance.now();
    expect(await commit(db, "a")).toBe("a");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect(batches).toEqual([["a"]]);
  });

  it("never waits without lingerMs, whatever is expected", async () => {
    const { commit } = recording("test-no-linger");
    const db = handle();
    commit.expect(db, "x"); // never withdrawn: a queue that waited for it would never write "a"
    expect(await commit(db, "a")).toBe("a");
  });
});
