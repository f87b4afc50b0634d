"use client";

import { useEffect, useEffectEvent, useOptimistic, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";

/**
 * A table whose state lives in the URL: the server page queries one page for `query`; `update` writes a change
 * into the URL (back to page 1 unless the patch says otherwise) and the server renders again. `shown` is the new
 * state at once (optimistic) and `pending` holds until the new page arrives. `search` turns the next state into
 * the query string, keeping the keys of the page's other sections found in `current`.
 */
export function useUrlQuery<Q extends { page: number }>(query: Q, search: (next: Q, current: string) => string) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(query);
  const update = (patch: Partial<Q>) => {
    const next: Q = { ...shown, page: 1, ...patch };
    startTransition(() => {
      setShown(next);
      router.replace(`${pathname}${search(next, window.location.search)}`, { scroll: false });
    });
  };
  return { shown, pending, update };
}

/** Calls `commit` with `text` once typing pauses; `commit` reads the other controls as they are by then. */
export function useTypingPause(text: string, commit: (text: string) => void, ms = 250) {
  const fire = useEffectEvent(commit);
  useEffect(() => {
    const t = setTimeout(() => fire(text), ms);
    return () => clearTimeout(t);
  }, [text, ms]);
}
