"use client";

import Link from "next/link";
import { useState } from "react";
import { usePathname } from "next/navigation";
import type { Strategy } from "@/lib/core/types";
import { STRATEGY_ACCENT } from "./charts/fleet-colors";
import { RebuildNavLinks } from "./rebuilds/nav-links";
import { UserMenu, type NavUser } from "./user-menu";

export function TopNav({ fleets, me, signOut }: { fleets: { name: string; strategy: Strategy }[]; me: NavUser | null; signOut: () => Promise<void> }) {
  const pathname = usePathname();
  // The small-screen menu is open only on the path it was opened on: a followed link closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const item = (href: string, active: boolean) =>
    `whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm transition-colors ${
      active ? "bg-white/15 text-white" : "text-slate-300 hover:bg-white/10 hover:text-white"
    }`;
  // The same links for the wide bar and the narrow menu (below sm, a 390 px phone, the bar would show "Overview" only).
  const links = (
    <>
      <Link href="/" className={item("/", pathname === "/")} aria-current={pathname === "/" ? "page" : undefined}>
        Overview
      </Link>
      {me && <RebuildNavLinks role={me.role} className={item} />}
      {fleets.length > 0 && <span aria-hidden className="mx-1 h-4 w-px shrink-0 bg-slate-700 max-sm:hidden" />}
      {fleets.map((f) => {
        const href = `/fleets/${encodeURIComponent(f.name)}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link key={f.name} href={href} className={item(href, active)} aria-current={active ? "page" : undefined}>
            <span aria-hidden className={`mr-1.5 inline-block size-2 rounded-full ${STRATEGY_ACCENT[f.strategy].dot}`} />
            {f.name}
          </Link>
        );
      })}
    </>
  );
  return (
    <header className="sticky top-0 z-20 bg-slate-900 text-white shadow-sm">
      {/* The user menu sits outside the scrolling nav: an overflow container would clip its dropdown. */}
      <div className="mx-auto flex max-w-7xl items-center px-4">
        <Link href="/" className="mr-3 flex shrink-0 items-center gap-2 py-2 font-semibold tracking-tight">
          <span aria-hidden className="grid size-6 place-items-center rounded bg-gradient-to-br from-blue-500 to-amber-500 text-xs font-bold">
            fp
          </span>
          Fleetprint
        </Link>
        <nav aria-label="Main" className="hidden min-w-0 flex-1 items-center gap-1 overflow-x-auto py-2 sm:flex">
          {links}
          <a href="/api/v1/openapi.json" className="ml-auto shrink-0 pl-3 text-xs text-slate-400 hover:text-white">
            API
          </a>
        </nav>
        <button
          type="button"
          className="ml-auto rounded-md px-2.5 py-1.5 text-sm text-slate-200 hover:bg-white/10 sm:hidden"
          aria-expanded={open}
          aria-controls="nav-menu"
          onClick={() => setOpenAt(open ? null : pathname)}
          data-testid="nav-menu-button"
        >
          <span aria-hidden>{open ? "✕" : "☰"}</span> Menu
        </button>
        {me ? (
          <UserMenu me={me} signOut={signOut} />
        ) : (
          pathname !== "/sign-in" && (
            <Link href="/sign-in" className="ml-3 shrink-0 rounded-md px-2.5 py-1.5 text-sm text-slate-200 hover:bg-white/10">
              Sign in
            </Link>
          )
        )}
      </div>
      {open && (
        <nav id="nav-menu" aria-label="Main" className="flex flex-col gap-1 border-t border-slate-800 px-4 py-2 sm:hidden" data-testid="nav-menu">
          {links}
          <a href="/api/v1/openapi.json" className="px-2.5 py-1.5 text-xs text-slate-400 hover:text-white">
            API
          </a>
        </nav>
      )}
    </header>
  );
}
