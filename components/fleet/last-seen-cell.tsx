import { Badge } from "@/components/ui/badge";
import { formatDateTime, timeAgo } from "@/components/format";
import { describeInterval, type ReportingStatus } from "@/lib/core/reporting";

/**
 * "3 d ago" of a host that stopped reporting must not read like "1 m ago": red, bold, with a badge and the
 * reason in its title. Shared by the hosts table and the host page.
 */
export function LastSeen({ lastSeen, reporting, now, intervalMinutes }: { lastSeen: string | null; reporting: ReportingStatus; now: string; intervalMinutes?: number }) {
  const every = intervalMinutes ? ` (expected every ${describeInterval(intervalMinutes)})` : "";
  if (reporting === "not-reporting") {
    return (
      <span className="inline-flex items-center gap-1.5 font-semibold text-red-700" title={`Last report ${formatDateTime(lastSeen)}: not seen for longer than the fleet's reporting interval${every}`} data-testid="last-seen-stale">
        {timeAgo(lastSeen, now)}
        <Badge tone="red">not reporting</Badge>
      </span>
    );
  }
  if (reporting === "never") return <span className="text-slate-400" title="Enrolled, no check-in yet">never</span>;
  return (
    <span className="text-slate-600" title={`${formatDateTime(lastSeen)}${every}`}>
      {timeAgo(lastSeen, now)}
    </span>
  );
}
