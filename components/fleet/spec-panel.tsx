import { CodeBlock } from "@/components/ui/code-block";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDateTime } from "@/components/format";
import { ImageBadge } from "@/components/spec/image-badge";
import { sourceLabel } from "@/components/spec/version-history";

export interface SpecView {
  version: number;
  source: string;
  createdAt: string;
  yaml: string;
}

interface Props {
  fleet: string;
  origin: string;
  spec: SpecView | null;
  /** createdBy / note: who saved a version and why, when the save recorded it. */
  versions: { version: number; source: string; createdAt: string; createdBy?: string | null; note?: string | null; imageDigest?: string | null; imageTag?: string | null }[];
}

/**
 * Lines of the current spec shown on the fleet page: a spec captured from a server pins ~1,800 packages and files
 * (~150 KiB of YAML), which would more than double the page; the spec page shows it whole.
 */
const PREVIEW_LINES = 120;

export function SpecPanel({ fleet, origin, spec, versions }: Props) {
  const auth = `-H "Authorization: Bearer $FLEETPRINT_TOKEN"`;
  const specUrl = `${origin}/api/v1/fleets/${fleet}/spec`;
  if (!spec) {
    return (
      <Card testId="spec-panel">
        <CardHeader title="Spec" />
        <div className="space-y-3 p-4 text-sm text-slate-600" data-testid="no-spec">
          <p>
            <strong className="text-slate-900">No spec yet.</strong> Without one there is no drift to measure (snowflakes still work: they
            compare hosts with each other). Write the spec as YAML in version control and PUT it, or capture it from a golden host.
          </p>
          <p>
            <a href={`/fleets/${encodeURIComponent(fleet)}/spec`} className="font-medium text-blue-700 hover:underline" data-testid="spec-page-link">
              Write one in the browser
            </a>{" "}
            (or load a capture of a host there and review it first).
          </p>
          <CodeBlock label="Upload a spec file" code={`curl -X PUT ${specUrl} \\\n  ${auth} \\\n  -H "Content-Type: application/yaml" \\\n  --data-binary @spec.yaml`} />
          <CodeBlock label="Capture from a golden host" code={`curl -X POST ${specUrl}/capture \\\n  ${auth} \\\n  -H "Content-Type: application/json" \\\n  -d '{"hostname":"<golden-host>"}'`} />
        </div>
      </Card>
    );
  }
  const lines = spec.yaml.split("\n");
  return (
    <Card testId="spec-panel">
      <CardHeader title={`Spec v${spec.version}`}>
        <span className="flex items-center gap-3">
          <a href={`/fleets/${encodeURIComponent(fleet)}/spec`} className="text-xs font-medium text-blue-700 hover:underline" data-testid="spec-page-link">
            Edit · waivers · history
          </a>
          <a href={`/api/v1/fleets/${encodeURIComponent(fleet)}/spec`} className="text-xs text-blue-700 hover:underline">
            JSON
          </a>
        </span>
      </CardHeader>
      <div className="space-y-3 p-4">
        <ol className="max-h-48 space-y-1 overflow-y-auto text-sm" aria-label="Spec versions">
          {versions.map((v) => (
            <li key={v.version} className="flex flex-wrap items-baseline gap-x-2" data-testid="spec-version">
              <span className={`font-mono ${v.version === spec.version ? "font-semibold text-slate-900" : "text-slate-600"}`}>v{v.version}</span>
              <span className="text-slate-500">{sourceLabel(v.source)}</span>
              <ImageBadge digest={v.imageDigest} tag={v.imageTag} />
              {v.createdBy && <span className="text-xs text-slate-500" data-testid="spec-version-by">by {v.createdBy}</span>}
              <time className="ml-auto text-xs text-slate-400" dateTime={v.createdAt} data-testid="spec-version-date">
                {formatDateTime(v.createdAt)}
              </time>
              {v.note && (
                <p className="w-full pl-6 text-xs italic text-slate-600" data-testid="spec-version-note">
                  {v.note}
                </p>
              )}
            </li>
          ))}
        </ol>
        <details className="group rounded-md border border-slate-200" data-testid="spec-yaml">
          <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Current spec (YAML, {lines.length} lines)
          </summary>
          <pre className="max-h-[32rem] overflow-auto border-t border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800">{lines.slice(0, PREVIEW_LINES).join("\n")}</pre>
          {lines.length > PREVIEW_LINES && (
            <p className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600" data-testid="spec-yaml-more">
              {lines.length - PREVIEW_LINES} more lines: the whole spec is on the{" "}
              <a className="text-blue-700 hover:underline" href={`/fleets/${encodeURIComponent(fleet)}/spec`}>
                spec page
              </a>{" "}
              (or <code className="font-mono">GET {specUrl}</code> with <code className="font-mono">Accept: application/yaml</code>).
            </p>
          )}
        </details>
        <p className="text-xs text-slate-500">
          Change it by PUTting a new version (specs are immutable once saved):{" "}
          <code className="break-all font-mono">curl -X PUT {specUrl} … --data-binary @spec.yaml</code>
        </p>
      </div>
    </Card>
  );
}
