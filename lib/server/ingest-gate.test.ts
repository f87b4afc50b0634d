import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { busyFrom, createGate, RECENT_MS } from "./ingest-gate";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("createGate", () => {
  it("runs up to `concurrency` at once, queues `queue` more, and refuses the next at once with Retry-After", async () => {
    const gate = createGate("reports", { concurrency: 2, queue: 1 });
    const held = [deferred(), deferred(), deferred()];
    let started = 0;
    const runs = held.map((d) => gate.run(async () => (started++, d.promise)));
    await Promise.resolve();
    expect(started).toBe(2);
    expect(gate.stats()).toMatchObject({ running: 2, waiting: 1 });
    const refused = await gate.run(async () => "never").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(503);
    expect((refused as AppError).retryAfter).toBeGreaterThanOrEqual(1);
    expect((refused as AppError).message).toMatch(/busy.*retry in \d+ s/);
    held[0].resolve();
    await runs[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toBe(3); // the queued one took the freed slot
    held[1].resolve();
    held[2].resolve();
    await Promise.all(runs);
    expect(gate.stats()).toMatchObject({ running: 0, waiting: 0, refused: 1 });
  });

  it("frees the slot when the work throws", async () => {
    const gate = createGate("x", { concurrency: 1, queue: 0 });
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => 42)).resolves.toBe(42);
  });
});

describe("createGate under event-loop lag", () => {
  it("refuses at once while the process answers late, and runs again when it catches up", async () => {
    let lag = 1500;
    const gate = createGate("reports", { concurrency: 4, queue: 4, maxLagMs: 1000, lag: () => lag });
    const refused = await gate.run(async () => "never").catch((e: unknown) => e);
    expect((refused as AppError).status).toBe(503);
    expect((refused as AppError).retryAfter).toBeGreaterThanOrEqual(3);
    expect((refused as AppError).message).toMatch(/answering 1500 ms late/);
    lag = 20;
    await expect(gate.run(async () => "ok")).resolves.toBe("ok");
  });
});

describe("busyFrom", () => {
  it("counts agents as answered while one is in or waiting at a gate, and for RECENT_MS after the last is done", async () => {
    const gate = createGate("light", { concurrency: 1, queue: 1 });
    const idle = createGate("reports", { concurrency: 1, queue: 1 });
    expect(busyFrom([gate.stats(), idle.stats()], performance.now())).toBe(false);
    const held = deferred();
    const run = gate.run(() => held.promise);
    expect(busyFrom([idle.stats(), gate.stats()], performance.now() + 10 * RECENT_MS)).toBe(true);
    held.resolve();
    await run;
    const done = gate.stats().lastDoneAt;
    expect(busyFrom([idle.stats(), gate.stats()], done + RECENT_MS - 1)).toBe(true);
    expect(busyFrom([idle.stats(), gate.stats()], done + RECENT_MS + 1)).toBe(false);
  });
});
