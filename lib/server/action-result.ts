import "server-only";
import { AppError } from "./errors";

/** `D`: what a refusal may carry besides its message (AppError.details, e.g. a spec's problems at their lines). */
export type ActionResult<T = undefined, D extends object = object> = { ok: true; value: T } | ({ ok: false; error: string } & Partial<D>);

/** Server actions answer forms: a domain error becomes a message for the form; anything else stays a 500. */
export async function attempt<T, D extends object = object>(fn: () => Promise<T>): Promise<ActionResult<T, D>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.message, ...(e.details as Partial<D> | undefined) };
    throw e;
  }
}
