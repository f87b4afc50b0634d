"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { FormAction } from "@/components/form-action";

/** What deciding a request led to (app/rebuilds/actions.ts answers it; tsc checks the two agree where it is passed). */
export type Decision =
  | { status: "approved" | "pending"; approvals: number; needed: number }
  | { status: "stale"; message: string }
  | { status: "rejected" | "cancelled" };

export interface RebuildActions {
  requestRebuild: FormAction<string>;
  decideRebuild: FormAction<Decision>;
}

const Actions = createContext<RebuildActions | null>(null);

/**
 * The rebuild forms sit deep in fleet, host and queue pages; the root layout hands the server actions in once here
 * instead of every page threading them through each component on the way.
 */
export function RebuildActionsProvider({ actions, children }: { actions: RebuildActions; children: ReactNode }) {
  return <Actions.Provider value={actions}>{children}</Actions.Provider>;
}

export function useRebuildActions(): RebuildActions {
  const actions = useContext(Actions);
  if (!actions) throw new Error("useRebuildActions: render this form under <RebuildActionsProvider> (app/layout.tsx)");
  return actions;
}
