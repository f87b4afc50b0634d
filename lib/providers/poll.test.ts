import { describe, expect, it } from "vitest";
import { fakeClock, testContext } from "@/tests/fakes/provider-context";
import { ProviderFailure, runtime } from "./http";
import { pollUntil, progressLogger } from "./poll";

function setup() {
  const clock = fakeClock(0);
  return { clock, rt: { ...runtime(), sleep: clock.sleep, now: clock.now } };
}

describe("pollUntil", () => {
  it("sleeps an interval before each look and returns the first value", async () => {
    const { clock, rt } = setup();
    let n = 0;
    const v = await pollUntil(rt, testContext().ctx, { intervalMs: 100, deadline: 10_000, externalId: "a", timeoutMessage: () => "late", check: async () => (++n === 3 ? "done" : undefined) });
    expect(v).toBe("done");
    expect(clock.sleeps).toEqual([100, 100, 100]);
  });

  it("tolerates a few retryable blips, then gives up with the external id", async () => {
    const { rt } = setup();
    const { ctx, lines } = testContext();
    let n = 0;
    const blip = () => {
      throw new ProviderFailure("HTTP 503", true);
    };
    expect(await pollUntil(rt, ctx, { intervalMs: 1, deadline: 1e9, externalId: "a", maxBlips: 2, timeoutMessage: () => "", check: async () => (++n <= 2 ? blip() : "ok") })).toBe("ok");
    expect(lines).toHaveLength(2);
    await expect(pollUntil(rt, ctx, { intervalMs: 1, deadline: 1e9, externalId: "a", maxBlips: 2, timeoutMessage: () => "", check: async () => blip() })).rejects.toMatchObject({ retryable: true, externalId: "a" });
  });

  it("stops at once on a final failure", async () => {
    const { rt } = setup();
    let n = 0;
    const check = async () => {
      n++;
      throw new ProviderFailure("HTTP 401", false);
    };
    await expect(pollUntil(rt, testContext().ctx, { intervalMs: 1, deadline: 1e9, externalId: "a", timeoutMessage: () => "", check })).rejects.toMatchObject({ retryable: false, externalId: "a" });
    expect(n).toBe(1);
  });

  it("times out as a final failure, never sleeping past the deadline", async () => {
    const { clock, rt } = setup();
    const p = pollUntil(rt, testContext().ctx, { intervalMs: 400, deadline: 1000, externalId: "a", timeoutMessage: (ms) => `waited ${ms}`, check: async () => undefined });
    await expect(p).rejects.toMatchObject({ message: "waited 1000", retryable: false, externalId: "a" });
    expect(clock.sleeps).toEqual([400, 400, 200]);
  });

  it("turns cancellation into a retryable failure with the external id", async () => {
    const { clock, rt } = setup();
    const { ctx, abort } = testContext();
    clock.onSleep = (n) => n === 2 && abort("shutdown");
    await expect(pollUntil(rt, ctx, { intervalMs: 10, deadline: 1e9, externalId: "a", timeoutMessage: () => "", check: async () => undefined })).rejects.toMatchObject({ message: "cancelled (shutdown)", retryable: true, externalId: "a" });
  });
});

describe("progressLogger", () => {
  it("logs on change and then at most once per period", () => {
    const { clock, rt } = setup();
    const { ctx, lines } = testContext();
    const progress = progressLogger(rt, ctx, 60_000);
    for (let i = 0; i < 30; i++) {
      progress("in-progress", "action 1");
      clock.advance(5_000);
    }
    progress("completed", "action 1");
    expect(lines).toEqual(["action 1 in-progress (0s elapsed)", "action 1 in-progress (60s elapsed)", "action 1 in-progress (120s elapsed)", "action 1 completed (150s elapsed)"]);
  });
});
