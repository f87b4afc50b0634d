import type { ReactNode } from "react";

const TONES = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  blue: "bg-blue-50 text-blue-700 ring-blue-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-red-50 text-red-700 ring-red-200",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  violet: "bg-violet-50 text-violet-700 ring-violet-200",
} as const;

export type Tone = keyof typeof TONES;

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function StrategyBadge({ strategy }: { strategy: "mutable" | "immutable" }) {
  return (
    <Badge tone={strategy === "immutable" ? "blue" : "amber"} title={strategy === "immutable" ? "Rebuilt from spec, never patched in place" : "Patched in place"}>
      {strategy}
    </Badge>
  );
}

/** Drift counts: green when clean, amber for a few items, red beyond; grey when there is nothing to compare. */
export function driftTone(n: number | null): string {
  if (n === null) return "text-slate-400";
  if (n === 0) return "text-emerald-700";
  if (n <= 5) return "text-amber-700";
  return "text-red-700";
}
