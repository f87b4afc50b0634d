import type { ActionResult } from "@/lib/server/action-result";

/**
 * A server action a form runs through useActionState. Components receive actions as props (or from a provider the
 * layout fills): components/ never imports app/, where the actions live.
 */
export type FormAction<T = undefined> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
