"use client";

import { useEffect, useState } from "react";

/** The current time, ticking; starts at the server's `now` so the hydrated render matches the served one. */
export function useNow(initial: string, everyMs = 1000): number {
  const [now, setNow] = useState(() => new Date(initial).getTime());
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
