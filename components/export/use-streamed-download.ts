"use client";

import { useEffect, useRef, useState } from "react";
import { streamedDownload, type DownloadProgress } from "./streamed-download";

/** What a streamed export is doing; `format` names the running one (the menu offers several). */
export type DownloadState<F extends string> =
  | { phase: "idle" }
  | { phase: "running"; format: F; progress: DownloadProgress | null }
  | { phase: "done"; filename: string; bytes: number }
  | { phase: "failed"; message: string };

/**
 * One streamed download at a time with its progress: a new start cancels the one running, Cancel goes back to idle
 * (not "failed"), and leaving the page aborts it. The drift export menu and the fleet drift table's export share it.
 */
export function useStreamedDownload<F extends string>() {
  const [state, setState] = useState<DownloadState<F>>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  async function start(href: string, format: F) {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setState({ phase: "running", format, progress: null });
    try {
      const r = await streamedDownload(href, ctl.signal, (progress) => setState({ phase: "running", format, progress }));
      setState({ phase: "done", ...r });
    } catch (e) {
      setState(ctl.signal.aborted ? { phase: "idle" } : { phase: "failed", message: (e as Error).message });
    }
  }
  return { state, start, cancel: () => abort.current?.abort() };
}
