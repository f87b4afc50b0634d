"use client";

import { useEffect, useState } from "react";
import { useParams, usePathname } from "next/navigation";
import { ConfigLineDiff } from "@/components/diff/config-line-diff";
import type { DriftItem, SnowflakeResult } from "@/lib/core/types";
import { DriftList } from "@/components/host/drift-list";
import { AcceptAllButton, DriftItemActions, type HostSpecActions } from "@/components/host/drift-item-actions";
import { SnowflakeReasons } from "@/components/host/snowflake-reasons";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/stat";

interface Props {
  drift: DriftItem[] | null;
  specVersion: number | null;
  snowflake: SnowflakeResult;
  initialFilter: string;
  /** First-seen time of each drift item (by driftItemId), and the server's now to count days from. */
  since: Record<string, string | null>;
  /** Since when each item has differed from the current spec, and the version then in force (issue 9, item 7). */
  differs?: Record<string, { at: string; version: number } | null>;
  now: string;
  /** Accept into spec / waive, for operators (server actions from app/fleets/[name]/spec/actions.ts). */
  specActions?: HostSpecActions;
}

// One filter narrows both lists (a package name is usually what an SRE is chasing); it lives in ?filter=.
export function HostClient({ drift, specVersion, snowflake, initialFilter, since, differs, now, specActions }: Props) {
  const pathname = usePathname();
  const params = useParams<{ name: string; hostname: string }>();
  const [fleet, hostname] = [decodeURIComponent(params.name), decodeURIComponent(params.hostname)];
  const lineDiff = (it: DriftItem) => (it.kind === "config-changed" ? <ConfigLineDiff hostname={hostname} fleet={fleet} path={it.subject} eager /> : null);
  const [text, setText] = useState(initialFilter);
  useEffect(() => {
    const t = setTimeout(() => {
      const qs = text ? `?filter=${encodeURIComponent(text)}` : "";
      if (window.location.search !== qs) window.history.replaceState(null, "", `${pathname}${qs}`);
    }, 150);
    return () => clearTimeout(t);
  }, [text, pathname]);

  const needle = text.trim().toLowerCase();
  const match = (s: { subject: string; explain: string }) => !needle || s.subject.toLowerCase().includes(needle) || s.explain.toLowerCase().includes(needle);
  const driftShown = drift?.filter(match) ?? [];
  const reasonsShown = snowflake.reasons.filter(match);

  return (
    <div className="space-y-6">
      <label className="block max-w-sm">
        <span className="sr-only">Filter drift items and snowflake reasons</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Filter by package, path or text…"
          className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-100"
          data-testid="host-filter"
        />
      </label>
      <Card testId="drift">
        <CardHeader title="Drift from spec">
          {drift === null ? (
            <Badge>no spec</Badge>
          ) : drift.length === 0 ? (
            <Badge tone="green">conforms to spec v{specVersion}</Badge>
          ) : (
            <Badge tone={drift.length > 5 ? "red" : "amber"}>
              {drift.length} {drift.length === 1 ? "item" : "items"} vs spec v{specVersion}
            </Badge>
          )}
        </CardHeader>
        {drift === null ? (
          <p className="px-4 py-6 text-sm text-slate-500">This fleet has no spec yet, so there is nothing to drift from. The fleet page shows how to add one.</p>
        ) : drift.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Every package and config file matches the spec.</p>
        ) : (
          <>
            {specActions && (
              <div className="border-b border-slate-100 px-4 py-2">
                <AcceptAllButton actions={specActions} />
              </div>
            )}
            <DriftList items={driftShown} total={drift.length} since={since} differs={differs} now={now} actions={specActions && ((it) => <DriftItemActions item={it} actions={specActions} />)} detail={lineDiff} />
          </>
        )}
      </Card>
      <Card testId="snowflake">
        <CardHeader title="Snowflake">
          <span className="flex items-center gap-2 text-sm">
            <span className="tabular-nums text-slate-600" data-testid="snowflake-score">
              score {snowflake.score.toFixed(2)}
            </span>
            {snowflake.isSnowflake ? <Badge tone="violet">❄ snowflake</Badge> : <Badge tone="green">like its peers</Badge>}
          </span>
        </CardHeader>
        <SnowflakeReasons reasons={reasonsShown} total={snowflake.reasons.length} />
      </Card>
    </div>
  );
}
