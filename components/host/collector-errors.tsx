import type { CollectorError } from "@/lib/core/types";

const PACKAGE_SOURCES = new Set(["dpkg", "apk", "rpm"]);

/**
 * Under the host header: sources the collector could not read in the host's last accepted report (an unreadable
 * rpm database, say). The report carried what the others read, so what the broken source would have listed is
 * absent from this host's fingerprint and may show as drift until it reads again.
 */
export function CollectorErrors({ errors }: { errors: CollectorError[] | null }) {
  if (!errors?.length) return null;
  const packages = errors.some((e) => PACKAGE_SOURCES.has(e.collector));
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="collector-errors">
      <p className="font-medium">
        {errors.length === 1 ? "One source" : `${errors.length} sources`} could not be read in this host&apos;s last report
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {errors.map((e, i) => (
          <li key={i} data-collector={e.collector}>
            <span className="font-mono text-xs">{e.collector}</span>: <span className="break-all">{e.message}</span>
          </li>
        ))}
      </ul>
      <p className="mt-1 text-amber-800">
        The report was stored with what the other sources read.
        {packages ? " Packages of the unreadable source are missing from this fingerprint, so drift may list them as missing." : ""} The
        warning goes away with the first report that reads every source.
      </p>
    </div>
  );
}
