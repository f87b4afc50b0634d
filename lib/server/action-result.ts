import { AppError } from "./errors";

export type ActionResult<T = undefined> = { ok: true; value: T } | { ok: false; error: string };

/** Server actions answer forms: a domain error becomes a message for the form; anything else stays a 500. */
export async function attempt<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.message };
    throw e;
  }
}
