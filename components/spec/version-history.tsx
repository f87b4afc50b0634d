import { formatDateTime } from "@/components/format";
import { ImageBadge } from "./image-badge";
import { SpecDiffView } from "./spec-diff-view";

export interface VersionView {
  version: number;
  source: string;
  createdAt: string;
  createdBy: string | null;
  note: string | null;
  /** Published from an image (issue 10). */
  imageDigest?: string | null;
  imageTag?: string | null;
}

export const sourceLabel = (s: string) =>
  s.startsWith("image:") ? "published from image" : s.startsWith("capture:") ? `captured from ${s.slice(8)}` : s.startsWith("adopt:") ? `accepted from ${s.slice(6)}` : s === "revoke-waiver" ? "waiver revoked" : s;

/**
 * Every version with its date, author, source and note; two pickers choose any pair to diff. The pair lives in the
 * URL (?from=&to=), so a diff can be linked.
 */
export function VersionHistory({ versions, from, to, diff }: { versions: VersionView[]; from: number | null; to: number | null; diff: { summary: string; lines: string[] } | null }) {
  if (versions.length === 0) return <p className="text-sm text-slate-500">No versions yet.</p>;
  const pick = (name: string, value: number | null, label: string) => (
    <label className="flex items-center gap-1">
      {label}
      <select name={name} defaultValue={value ?? undefined} className="rounded-md border border-slate-300 px-2 py-1 text-sm" data-testid={`diff-${name}`}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="space-y-3">
      <ol className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 text-sm" aria-label="Spec versions" data-testid="spec-versions">
        {versions.map((v, i) => (
          <li key={v.version} className="flex flex-wrap items-baseline gap-x-3 px-3 py-1.5" data-testid="spec-version">
            <span className="font-mono font-semibold text-slate-900">v{v.version}</span>
            <span className="text-slate-600" data-testid="spec-version-source">
              {sourceLabel(v.source)}
            </span>
            <ImageBadge digest={v.imageDigest} tag={v.imageTag} />
            {v.note && <span className="text-slate-800">“{v.note}”</span>}
            <span className="text-xs text-slate-500">{v.createdBy ? `by ${v.createdBy}` : ""}</span>
            <time className="ml-auto text-xs text-slate-500" dateTime={v.createdAt}>
              {formatDateTime(v.createdAt)}
            </time>
            {versions[i + 1] && (
              <a href={`?from=${versions[i + 1].version}&to=${v.version}#history`} className="text-xs text-blue-700 hover:underline">
                diff
              </a>
            )}
          </li>
        ))}
      </ol>
      <form method="get" action="#history" className="flex flex-wrap items-center gap-2 text-sm">
        {pick("from", from ?? versions[Math.min(1, versions.length - 1)].version, "From")}
        {pick("to", to ?? versions[0].version, "to")}
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50" data-testid="diff-show">
          Show diff
        </button>
      </form>
      {diff && from !== null && to !== null && <SpecDiffView lines={diff.lines} summary={`v${from} → v${to}: ${diff.summary}`} testId="version-diff" />}
    </div>
  );
}
