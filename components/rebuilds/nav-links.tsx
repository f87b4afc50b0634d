"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { usePendingRebuildCount } from "@/lib/client/queries";
import { queryKeys } from "@/lib/client/query-keys";
import { roleAtLeast, type Role } from "@/model/roles";

/** What a decision invalidates so the count follows at once (kept here: the decision form imports it by this name). */
export const PENDING_COUNT_KEY = queryKeys.rebuilds.pendingCount();

/**
 * "Rebuilds" with the number of requests waiting for approval, and "Audit" for admins. The count comes from the
 * API every 30 s (and on focus), so the layout does not query for it on every page.
 */
export function RebuildNavLinks({ role, className }: { role: Role; className: (href: string, active: boolean) => string }) {
  const pathname = usePathname();
  const { data: pending } = usePendingRebuildCount();
  const rebuildsActive = pathname === "/rebuilds" || pathname.startsWith("/rebuilds/");
  return (
    <>
      <Link href="/rebuilds" className={className("/rebuilds", rebuildsActive)} aria-current={rebuildsActive ? "page" : undefined} data-testid="nav-rebuilds">
        Rebuilds
        {pending !== undefined && pending > 0 && (
          <span className="ml-1.5 rounded-full bg-amber-500 px-1.5 text-xs font-semibold tabular-nums text-slate-950" title={`${pending} waiting for approval`} data-testid="nav-pending-count">
            {pending >= 1000 ? "999+" : pending}
          </span>
        )}
      </Link>
      {roleAtLeast(role, "admin") && (
        <Link href="/audit" className={className("/audit", pathname === "/audit")} aria-current={pathname === "/audit" ? "page" : undefined} data-testid="nav-audit">
          Audit
        </Link>
      )}
    </>
  );
}
