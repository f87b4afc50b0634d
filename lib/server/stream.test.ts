import { describe, expect, it } from "vitest";
import { streamFrom } from "./stream";

async function* numbers(log: string[], fail = false): AsyncGenerator<Uint8Array> {
  try {
    for (let i = 0; i < 100; i++) {
      log.push(`make ${i}`);
      if (fail && i === 2) throw new Error("database went away");
      yield new Uint8Array([i]);
    }
  } finally {
    log.push("closed");
  }
}

describe("streamFrom", () => {
  it("produces only what is pulled (a queue of one chunk)", async () => {
    const log: string[] = [];
    const reader = streamFrom(numbers(log), "test").getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([0]));
    // The source is pure (no I/O): one macrotask turn drains every pull the stream will make on its own. An eager
    // stream would have made all 100 by then; ours has refilled its queue of one (make 1) and stopped.
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(["make 0", "make 1"]);
    await reader.cancel();
    expect(log.at(-1)).toBe("closed"); // cancelling returns the generator: its finally runs
  });

  it("errors the stream when the source fails after the first bytes", async () => {
    const log: string[] = [];
    const reader = streamFrom(numbers(log, true), "test").getReader();
    await reader.read();
    await reader.read();
    await expect(reader.read()).rejects.toThrow(/database went away/);
  });
});
