import type { HostEvent } from "@/lib/core/types";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDateTime, shortHash } from "@/components/format";

export interface HistoryEntry {
  at: string;
  event: HostEvent;
  fingerprint: string | null;
  previous: string | null;
  /** What the change did, counted against the previous content ("3 packages upgraded, 1 added"). */
  summary?: string | null;
}

const EVENT: Record<HistoryEntry["event"], { label: string; dot: string }> = {
  enrolled: { label: "Enrolled", dot: "bg-slate-400" },
  fingerprint: { label: "Fingerprint changed", dot: "bg-amber-500" },
  rebuilt: { label: "Rebuilt from spec", dot: "bg-blue-600" },
  replaced: { label: "Replaced by another machine", dot: "bg-red-600" },
  renamed: { label: "Renamed", dot: "bg-slate-600" },
  "key-revoked": { label: "Host key revoked", dot: "bg-red-600" },
};

/**
 * Newest first. A change with a known predecessor says what it changed and links to the side-by-side of the
 * two fingerprints; the diff page's pickers compare any two points. `total` counts entries not shown.
 */
export function HistoryTimeline({ entries, total = entries.length, diffBase, current }: { entries: HistoryEntry[]; total?: number; diffBase: string; current: string | null }) {
  const list = [...entries].reverse();
  const points = new Set(entries.map((e) => e.fingerprint).filter(Boolean)).size;
  // The whole shown life of the host, first content to current: the pickers there narrow it down.
  const first = entries.find((e) => e.fingerprint)?.fingerprint;
  return (
    <Card testId="history">
      <CardHeader title="Fingerprint history">
        <span className="flex items-center gap-2 text-xs text-slate-500">
          {total > entries.length ? `latest ${entries.length} of ${total} events` : `${total} events`}
          {points >= 2 && first && current && first !== current && (
            <Link href={`${diffBase}?from=${first}&to=${current}`} className="text-blue-700 hover:underline" data-testid="compare-history">
              compare any two
            </Link>
          )}
        </span>
      </CardHeader>
      {list.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">No history recorded yet.</p>
      ) : (
        <ol className="max-h-[28rem] overflow-y-auto px-4 py-3">
          {list.map((e, i) => (
            <li key={`${e.at}-${i}`} className="relative border-l border-slate-200 pb-3 pl-4 last:pb-0" data-testid="history-entry">
              <span aria-hidden className={`absolute -left-[5px] top-1.5 size-2.5 rounded-full ring-2 ring-white ${EVENT[e.event].dot}`} />
              <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-medium text-slate-800">{e.event === "fingerprint" && !e.previous ? "First fingerprint" : EVENT[e.event].label}</span>
                <time className="text-xs text-slate-500" dateTime={e.at}>
                  {formatDateTime(e.at)}
                </time>
                {e.fingerprint && e.fingerprint === current && i === 0 && <span className="text-xs font-medium text-emerald-700">current</span>}
              </div>
              {e.summary && (
                <p className="text-xs text-slate-700" data-testid="history-summary">
                  {e.summary}
                </p>
              )}
              {(e.fingerprint || e.previous) && (
              <div className="mt-0.5 flex flex-wrap items-center gap-x-2 font-mono text-xs text-slate-500">
                {e.previous && (
                  <>
                    <span title={e.previous}>{shortHash(e.previous, 10)}</span>
                    <span aria-hidden>→</span>
                  </>
                )}
                <span title={e.fingerprint ?? undefined}>{shortHash(e.fingerprint, 10)}</span>
                {e.previous && e.fingerprint && e.previous !== e.fingerprint && (
                  <Link href={`${diffBase}?from=${e.previous}&to=${e.fingerprint}`} className="font-sans text-blue-700 hover:underline">
                    what changed
                  </Link>
                )}
              </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
