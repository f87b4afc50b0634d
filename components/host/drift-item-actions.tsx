"use client";

import { useState } from "react";
import type { DriftItem } from "@/lib/core/types";
import type { SpecActions } from "@/components/spec/types";
import { Preview, small, usePreviewed } from "@/components/spec/use-previewed";
import { useWaiver, WaiveDialog } from "@/components/spec/waive-dialog";

export interface HostSpecActions extends SpecActions {
  fleet: string;
  hostname: string;
}

/** "Accept into spec" and "Waive…" for one drift item of the host page. */
export function DriftItemActions({ item, actions }: { item: DriftItem; actions: HostSpecActions }) {
  const ref = { kind: item.kind, subject: item.subject };
  const adopt = usePreviewed((dryRun, baseVersion) => actions.adopt({ fleet: actions.fleet, hostname: actions.hostname, items: [ref], dryRun, baseVersion }));
  const [waiving, setWaiving] = useState(false);
  const waive = useWaiver((w, dryRun, baseVersion) => actions.waive({ fleet: actions.fleet, ...ref, ...w, dryRun, baseVersion }));
  return (
    <div data-testid="drift-item-actions">
      <div className="mt-1 flex gap-1.5">
        <button type="button" className={small} onClick={adopt.ask} disabled={adopt.pending} data-testid="accept-item" title="A new spec version taking this host's value">
          Accept into spec
        </button>
        <button type="button" className={small} onClick={() => setWaiving((w) => !w)} data-testid="waive-item" aria-expanded={waiving}>
          Waive…
        </button>
      </div>
      <Preview p={adopt} label="Save new version" testId="accept" />
      {waiving && waive.p.saved === null && <WaiveDialog subject={item.subject} w={waive} />}
      <Preview p={waive.p} label="Waive" testId="waive" />
    </div>
  );
}

/** "Accept all into spec": every drift item of the host, previewed first. */
export function AcceptAllButton({ actions }: { actions: HostSpecActions }) {
  const all = usePreviewed((dryRun, baseVersion) => actions.adopt({ fleet: actions.fleet, hostname: actions.hostname, dryRun, baseVersion }));
  return (
    <div data-testid="accept-all-box">
      <button type="button" className={small} onClick={all.ask} disabled={all.pending} data-testid="accept-all">
        Accept all into spec
      </button>
      <Preview p={all} label="Save new version" testId="accept-all" />
    </div>
  );
}
