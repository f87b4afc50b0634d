import Link from "next/link";
import type { ReactNode } from "react";

/** "Overview / web-prod / Alerts": links to the pages above, then where the reader is. */
export function Breadcrumb({ trail, current, mono = false }: { trail: { href: string; label: ReactNode }[]; current: ReactNode; mono?: boolean }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
      {trail.map((t) => (
        <span key={t.href}>
          <Link href={t.href} className="hover:underline">
            {t.label}
          </Link>{" "}
          /{" "}
        </span>
      ))}
      <span className={mono ? "font-mono text-slate-700" : "text-slate-700"}>{current}</span>
    </nav>
  );
}

/** The trail of every page under a fleet: the overview, then the fleet. */
export const fleetTrail = (fleet: string) => [
  { href: "/", label: "Overview" },
  { href: `/fleets/${encodeURIComponent(fleet)}`, label: fleet },
];
