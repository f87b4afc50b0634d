// Strategy decides the colour family so a glance tells mutable from immutable in every chart; within a family,
// fleets get successive shades. Mutable lines are also dashed, which survives colour-blindness and greyscale.
import type { Strategy } from "@/lib/core/types";

const WARM = ["#d97706", "#dc2626", "#c2410c", "#be185d", "#a16207", "#9f1239"];
const COOL = ["#2563eb", "#0d9488", "#4f46e5", "#0891b2", "#1d4ed8", "#047857"];

export interface FleetStyle {
  name: string;
  strategy: Strategy;
  color: string;
  dash?: string;
}

export function fleetStyles(fleets: { name: string; strategy: Strategy }[]): FleetStyle[] {
  let warm = 0;
  let cool = 0;
  return [...fleets]
    .sort((a, b) => (a.strategy === b.strategy ? a.name.localeCompare(b.name) : a.strategy === "immutable" ? -1 : 1))
    .map((f) =>
      f.strategy === "mutable"
        ? { ...f, color: WARM[warm++ % WARM.length], dash: "6 3" }
        : { ...f, color: COOL[cool++ % COOL.length] },
    );
}

export const STRATEGY_ACCENT: Record<Strategy, { text: string; bg: string; border: string; dot: string }> = {
  immutable: { text: "text-blue-700", bg: "bg-blue-50", border: "border-blue-200", dot: "bg-blue-600" },
  mutable: { text: "text-amber-700", bg: "bg-amber-50", border: "border-amber-200", dot: "bg-amber-600" },
};
