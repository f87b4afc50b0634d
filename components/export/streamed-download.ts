// Downloads a streamed export with fetch so the page can show progress: the body has no Content-Length, so
// progress is the bytes received so far (read chunk by chunk), next to the host count the server announces.
// The file is then handed to the browser's own download under the name the server chose.
import { apiErrorOf } from "@/lib/client/api";
import { TOTAL_HOSTS_HEADER } from "@/lib/core/drift-export";

export interface DownloadProgress {
  bytes: number;
  totalHosts: number | null;
}

/** filename="…" from Content-Disposition (the server sends plain ASCII names). */
export function filenameFrom(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? "")?.[1] ?? fallback;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export async function streamedDownload(
  href: string,
  signal: AbortSignal,
  onProgress: (p: DownloadProgress) => void,
): Promise<{ filename: string; bytes: number }> {
  const res = await fetch(href, { signal, headers: { accept: "*/*" } });
  if (!res.ok || !res.body) throw await apiErrorOf(res, `The export failed (HTTP ${res.status}).`);
  const totalHosts = Number(res.headers.get(TOTAL_HOSTS_HEADER));
  const progress: DownloadProgress = { bytes: 0, totalHosts: Number.isFinite(totalHosts) ? totalHosts : null };
  onProgress({ ...progress });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    progress.bytes += value.byteLength;
    onProgress({ ...progress });
  }
  const filename = filenameFrom(res.headers.get("content-disposition"), "fleetprint-drift-export");
  const url = URL.createObjectURL(new Blob(chunks, { type: res.headers.get("content-type") ?? "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { filename, bytes: progress.bytes };
}
