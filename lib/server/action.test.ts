import { describe, expect, it } from "vitest";
import { z } from "zod";
import { settleAction, type ActionCaller, type ActionSpec } from "./action";
import { AppError, badRequest, conflict } from "./errors";

const caller: ActionCaller = { me: { userId: "u1", email: "ada@example.test", name: "Ada", role: "operator", via: "session" }, actor: { name: "ada@example.test", ip: "192.0.2.1" } };

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("settleAction", () => {
  const seen: { input: unknown; ok: boolean }[] = [];
  const spec: ActionSpec<FormData, { name: string; count: number }, string> = {
    role: "operator",
    input: (f) => ({ name: f.get("name"), count: Number(f.get("count")) }),
    schema: z.object({ name: z.string().min(3, "at least 3 characters"), count: z.number().int().max(5) }),
    run: async (input, who) => {
      if (input.name === "taken") throw conflict(`"taken" exists; ${who.actor.name} may pick another name.`);
      if (input.name === "boom") throw new Error("database gone");
      return `${input.name} x${input.count} by ${who.me.email}`;
    },
    after: (result, input) => {
      seen.push({ input, ok: result.ok });
    },
  };

  it("validates, runs with the caller, and hands the result and input to after", async () => {
    seen.length = 0;
    expect(await settleAction(spec, caller, form({ name: "web", count: "2" }))).toEqual({ ok: true, value: "web x2 by ada@example.test" });
    expect(seen).toEqual([{ input: { name: "web", count: 2 }, ok: true }]);
  });

  it("turns bad input into a message naming the fields, without running", async () => {
    seen.length = 0;
    expect(await settleAction(spec, caller, form({ name: "w", count: "9" }))).toEqual({ ok: false, error: "name: at least 3 characters; count: Too big: expected number to be <=5" });
    expect(seen).toEqual([{ input: null, ok: false }]);
  });

  it("turns our error type into the form's message, and lets anything else through as a failure", async () => {
    expect(await settleAction(spec, caller, form({ name: "taken", count: "1" }))).toEqual({ ok: false, error: '"taken" exists; ada@example.test may pick another name.' });
    await expect(settleAction(spec, caller, form({ name: "boom", count: "1" }))).rejects.toThrow("database gone");
  });

  it("refuses from the input reader with our error type, and carries an error's details", async () => {
    const strict: ActionSpec<FormData, { name: string }, string, { errors: string[] }> = {
      role: "admin",
      input: (f) => {
        if (f.get("confirm") !== "yes") throw badRequest("Confirm first; nothing was changed.");
        return { name: f.get("name") };
      },
      schema: z.object({ name: z.string() }),
      run: async () => {
        throw new AppError("bad_request", "the spec has problems", undefined, { errors: ["line 3: bad"] });
      },
    };
    expect(await settleAction(strict, caller, form({ name: "x" }))).toEqual({ ok: false, error: "Confirm first; nothing was changed." });
    expect(await settleAction(strict, caller, form({ name: "x", confirm: "yes" }))).toEqual({ ok: false, error: "the spec has problems", errors: ["line 3: bad"] });
  });

  it("lets after redirect (or fail) outside the error mapping", async () => {
    const redirecting: ActionSpec<FormData, { name: string }, string> = {
      role: "operator",
      schema: z.object({ name: z.string() }),
      input: (f) => ({ name: f.get("name") }),
      run: async (i) => i.name,
      after: () => {
        throw badRequest("thrown by after");
      },
    };
    await expect(settleAction(redirecting, caller, form({ name: "x" }))).rejects.toThrow("thrown by after");
  });
});
