import Link from "next/link";
import { CONFORMING_NOTE } from "@/lib/core/reporting";

/** "3 not reporting", linking to the fleet's hosts filtered to them; nothing when every host reports. */
export function NotReportingLink({ fleet, count, testId }: { fleet: string; count: number; testId?: string }) {
  if (count === 0) return null;
  return (
    <Link
      href={`/fleets/${encodeURIComponent(fleet)}?reporting=not-reporting`}
      title={`Not seen for longer than the fleet's reporting interval. ${CONFORMING_NOTE}`}
      className="inline-flex items-center gap-1 rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-700 ring-1 ring-inset ring-red-200 hover:underline"
      data-testid={testId}
    >
      {count} not reporting
    </Link>
  );
}
