"use client";

import { useEffect, useState } from "react";

/** The current time, ticking; starts at the server's `now` so the hydrated render matches the served one. */
export function useNow(initial: string, everyMs = 1000): number {
  const [now, setNow] = useState(() => new Date(initial).getTime());
  useEffect(() => {
    setNow(Date.now()); // eslint-disable-line react-hooks/set-state-in-effect -- catch up once after hydration, which had to render the server's time
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
