import { afterEach, describe, expect, it, vi } from "vitest";

const pauses: number[] = [];
vi.mock("node:timers/promises", async (original) => ({
  ...(await original<typeof import("node:timers/promises")>()),
  setTimeout: async (ms: number) => {
    pauses.push(ms);
  },
}));
const { inSteps } = await import("./in-steps");

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

afterEach(() => {
  pauses.length = 0;
});

describe("inSteps", () => {
  it("runs every item once, in slices", async () => {
    const seen: number[] = [];
    await inSteps(Array.from({ length: 50 }, (_, i) => i), async (slice) => void seen.push(...slice), { first: 7 });
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("pauses after each slice three times as long as it took while pauseWhen says so, and never otherwise", async () => {
    let agents = true;
    let slices = 0;
    await inSteps([1, 2, 3, 4], async () => {
      slices++;
      busy(5);
    }, { first: 1, pauseWhen: () => agents });
    expect(pauses).toHaveLength(slices);
    for (const ms of pauses) expect(ms).toBeGreaterThanOrEqual(15);
    pauses.length = 0;
    agents = false;
    await inSteps([1, 2, 3], async () => busy(5), { first: 1, pauseWhen: () => agents });
    await inSteps([1, 2, 3], async () => busy(5), { first: 1 });
    expect(pauses).toEqual([]);
  });
});
