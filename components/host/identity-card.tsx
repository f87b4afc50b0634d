import type { OsFacts } from "@/lib/core/types";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDateTime, shortHash, timeAgo } from "@/components/format";
import { LastSeen } from "@/components/fleet/last-seen-cell";
import type { ReportingStatus } from "@/lib/core/reporting";
import { sourceLabel } from "./source-note";

export interface HostIdentity {
  hostname: string;
  fleet: string;
  machineId: string | null;
  fingerprint: string | null;
  sharedBy: number;
  cohortHosts: number;
  enrolledAt: string;
  lastSeen: string | null;
  /** Whether the host still checks in, against its fleet's interval. */
  reporting?: ReportingStatus;
  intervalMinutes?: number;
  lastChanged: string | null;
  lastBuilt: string;
  providerRef: string | null;
  os: OsFacts | null;
  packages: number | null;
  configs: number | null;
  /** hosts.source: "agent", "image" or an import format. */
  source?: string;
  /** False when the source reports no config files. */
  configsCollected?: boolean;
}

export function IdentityCard({ host: h, now }: { host: HostIdentity; now: string }) {
  const rows: [string, React.ReactNode, string?][] = [
    ["Fleet", h.fleet],
    ["Source", <span key="src" data-testid="host-source">{sourceLabel(h.source ?? "agent")}</span>],
    ["Machine ID", <span key="m" className="break-all font-mono text-xs">{h.machineId ?? "—"}</span>],
    ["Fingerprint", <span key="f" className="font-mono text-xs" title={h.fingerprint ?? undefined}>{shortHash(h.fingerprint, 16)}</span>, h.fingerprint ?? undefined],
    ["Shared by", h.fingerprint ? `${h.sharedBy} of ${h.cohortHosts} hosts` : "—"],
    ["Last seen", h.reporting ? <LastSeen key="s" lastSeen={h.lastSeen} reporting={h.reporting} now={now} intervalMinutes={h.intervalMinutes} /> : timeAgo(h.lastSeen, now), h.reporting ? undefined : formatDateTime(h.lastSeen)],
    ["Last changed", timeAgo(h.lastChanged, now), formatDateTime(h.lastChanged)],
    ["Last built", timeAgo(h.lastBuilt, now), formatDateTime(h.lastBuilt)],
    ["Enrolled", timeAgo(h.enrolledAt, now), formatDateTime(h.enrolledAt)],
    ["OS", h.os?.prettyName ?? "—"],
    ["Kernel", <span key="k" className="font-mono text-xs">{h.os ? (h.os.kernel ?? "n/a (image)") : "—"}</span>],
    ["Arch", h.os?.arch ?? "—"],
    ["Packages", h.packages ?? "—"],
    ["Config files", h.configsCollected === false ? "not collected" : (h.configs ?? "—")],
    ...(h.providerRef ? ([["Provider ref", <span key="p" className="font-mono text-xs">{h.providerRef}</span>]] as [string, React.ReactNode][]) : []),
  ];
  return (
    <Card testId="identity">
      <CardHeader title="Identity" />
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 px-4 py-3 text-sm">
        {rows.map(([k, v, title]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="min-w-0 text-slate-900" title={title}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
