"use client";

import { useState } from "react";
import type { DriftKind } from "@/lib/core/types";
import type { FleetDriftRow } from "@/lib/core/fleet-drift";
import type { SpecActionResult } from "@/components/spec/types";
import { Preview, usePreviewed } from "@/components/spec/use-previewed";
import { useWaiver, WaiveDialog } from "@/components/spec/waive-dialog";

/** The spec server actions the fleet drift table calls (app/fleets/[name]/spec/actions.ts), as props. */
export interface FleetSpecActions {
  adoptValue: (input: { fleet: string; kind: DriftKind; subject: string; value: string | null; baseVersion?: number | null; dryRun: boolean }) => Promise<SpecActionResult>;
  waive: (input: { fleet: string; kind: DriftKind; subject: string; reason: string; until?: string | null; baseVersion?: number | null; dryRun: boolean }) => Promise<SpecActionResult>;
}

/** Each save is a spec version of its own, previewed first: one item at a time keeps every diff readable. */
export const oneItemOnly = (items: readonly FleetDriftRow[]) => (items.length === 1 ? null : "One item at a time: each is a new spec version, previewed first");

const panel = "border-b border-slate-100 bg-white px-3 py-3 text-sm";

/** Waive one item for the whole fleet: a spec waiver with a reason and an optional last day. */
export function WaiveItemPanel({ fleet, item, actions }: { fleet: string; item: FleetDriftRow; actions: FleetSpecActions }) {
  const w = useWaiver((waiver, dryRun, baseVersion) => actions.waive({ fleet, kind: item.kind, subject: item.subject, ...waiver, dryRun, baseVersion }));
  return (
    <div className={panel} data-testid="drift-waive-panel">
      <p className="text-slate-700">
        Waive <span className="font-mono">{item.subject}</span> ({item.kind}) on every host of {fleet}: it stops counting as drift until the waiver is revoked or its last day passes.
      </p>
      {w.p.saved === null && <WaiveDialog subject={item.subject} w={w} />}
      <Preview p={w.p} label="Waive" testId="drift-waive" />
    </div>
  );
}

/** Accept one of the values the fleet's hosts carry as the spec's value (a missing item: drop it from the spec). */
export function AcceptValuePanel({ fleet, item, actions }: { fleet: string; item: FleetDriftRow; actions: FleetSpecActions }) {
  const [value, setValue] = useState<string | null>(item.values[0]?.actual ?? null);
  const p = usePreviewed((dryRun, baseVersion) => actions.adoptValue({ fleet, kind: item.kind, subject: item.subject, value, dryRun, baseVersion }));
  const choices = item.values.filter((v) => v.actual !== null);
  return (
    <div className={panel} data-testid="drift-accept-panel">
      <p className="text-slate-700">
        Accept into spec for <span className="font-mono">{item.subject}</span> ({item.kind}); the spec expects {item.expected ?? "nothing"} today.
      </p>
      {choices.length > 0 && (
        <fieldset className="mt-2 space-y-1">
          <legend className="text-xs text-slate-500">Value the spec should take</legend>
          {choices.map((v) => (
            <label key={v.actual} className="flex items-center gap-2 text-xs">
              <input type="radio" name="accept-value" checked={value === v.actual} onChange={() => setValue(v.actual)} />
              <span className="font-mono">{v.actual}</span>
              <span className="text-slate-500">
                {v.hosts} host{v.hosts === 1 ? "" : "s"}
                {v.direction ? `, ${v.direction} the spec` : ""}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {!p.preview && p.saved === null && (
        <button type="button" className="mt-2 rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50" onClick={p.ask} disabled={p.pending} data-testid="drift-accept-ask">
          Preview
        </button>
      )}
      <Preview p={p} label="Save new version" testId="drift-accept" />
    </div>
  );
}
