import "server-only";
// The one wrapper of every server action (house rule 11): role first, then the input through zod, then one
// service; a domain error (AppError, lib/server/errors.ts) becomes { ok: false, error } for the form, anything else
// stays a 500. `after` runs outside the try, where revalidatePath and redirect() (which works by throwing) belong.
import type { z } from "zod";
import type { Actor } from "@/lib/services/audit";
import { attempt, type ActionResult } from "./action-result";
import { requireActionRole } from "./auth";
import type { Principal, Role } from "./principal";
import { parseWith } from "./validate";

export type { ActionResult };

/** Who passed the role check: the principal, and the audit actor (email and client IP). */
export interface ActionCaller {
  me: Principal;
  actor: Actor;
}

export interface ActionSpec<R, I, T, D extends object = object> {
  /** The least role; a function when the input decides it (a dry run only reads). */
  role: Role | ((raw: R) => Role);
  /** What the schema validates, read from the raw input (form fields are strings, files or absent). */
  input?: (raw: R) => unknown;
  schema: z.ZodType<I>;
  run: (input: I, caller: ActionCaller, raw: R) => Promise<T>;
  /** After the outcome: `input` is null when it did not validate. */
  after?: (result: ActionResult<T, D>, input: I | null, raw: R) => void | Promise<void>;
}

/** The part after the role check, separate so it is tested without a request (lib/server/action.test.ts). */
export async function settleAction<R, I, T, D extends object = object>(spec: ActionSpec<R, I, T, D>, caller: ActionCaller, raw: R): Promise<ActionResult<T, D>> {
  let input: I | null = null;
  const result = await attempt<T, D>(async () => {
    input = parseWith(spec.schema, spec.input ? spec.input(raw) : raw);
    return spec.run(input, caller, raw);
  });
  await spec.after?.(result, input, raw);
  return result;
}

async function callerOf<R>(role: ActionSpec<R, unknown, unknown>["role"], raw: R): Promise<ActionCaller> {
  return requireActionRole(typeof role === "function" ? role(raw) : role);
}

/** A form's action for useActionState: (previous state, FormData) → result. */
export function formAction<I, T, D extends object = object>(spec: ActionSpec<FormData, I, T, D>) {
  return async (_prev: ActionResult<T, D> | null, form: FormData): Promise<ActionResult<T, D>> => settleAction(spec, await callerOf(spec.role, form), form);
}

/** An action called with a plain object (bulk spec edits, publish an image). */
export function inputAction<R, I, T, D extends object = object>(spec: ActionSpec<R, I, T, D>) {
  return async (raw: R): Promise<ActionResult<T, D>> => settleAction(spec, await callerOf(spec.role, raw), raw);
}

/** A form field as a string, or undefined when absent (or a file). */
export const field = (form: FormData, key: string): string | undefined => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};
