"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { roleAtLeast, type Role } from "@/model/roles";

export const PENDING_COUNT_KEY = ["rebuilds", "pending-count"];

async function fetchPendingCount(): Promise<number> {
  const res = await fetch("/api/v1/rebuilds?status=pending&limit=1000", { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`GET /api/v1/rebuilds: ${res.status}`);
  return ((await res.json()) as { rebuilds: unknown[] }).rebuilds.length;
}

/**
 * "Rebuilds" with the number of requests waiting for approval, and "Audit" for admins. The count comes from the
 * API every 30 s (and on focus), so the layout does not query for it on every page.
 */
export function RebuildNavLinks({ role, className }: { role: Role; className: (href: string, active: boolean) => string }) {
  const pathname = usePathname();
  const { data: pending } = useQuery({ queryKey: PENDING_COUNT_KEY, queryFn: fetchPendingCount, refetchInterval: 30_000, staleTime: 10_000 });
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
