"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { HostDrift } from "@/components/rebuilds/drift-summary";
import type { Viewer } from "@/components/rebuilds/decision-form";
import { RequestCard } from "@/components/rebuilds/request-card";
import { TABS, type RebuildListItem, type TabKey } from "@/components/rebuilds/status";
import { useNow } from "@/components/rebuilds/use-now";

interface Props {
  tab: TabKey;
  fleet: string | null;
  fleets: string[];
  counts: Record<TabKey, number>;
  historyCapped: boolean;
  requests: RebuildListItem[];
  drift: Record<string, Record<string, HostDrift>>;
  me: Viewer;
  now: string;
}

const EMPTY: Record<TabKey, string> = {
  pending: "No request waits for approval. Operators request rebuilds from a fleet's hosts table: tick the hosts, then “Request rebuild”.",
  running: "Nothing is being rebuilt right now.",
  history: "No finished request yet.",
};

function href(tab: TabKey, fleet: string | null) {
  const p = new URLSearchParams();
  if (tab !== "pending") p.set("status", tab);
  if (fleet) p.set("fleet", fleet);
  const s = p.toString();
  return `/rebuilds${s ? `?${s}` : ""}`;
}

// The queue is a shared to-do list: it re-reads the server every 10 s so approvals by others show up.
export function RebuildQueue({ tab, fleet, fleets, counts, historyCapped, requests, drift, me, now: served }: Props) {
  const router = useRouter();
  const now = useNow(served, tab === "pending" ? 1000 : 30_000);
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, 10_000);
    return () => clearInterval(t);
  }, [router]);

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Rebuilds</h1>
        <p className="mt-1 text-sm text-slate-500">
          A rebuild replaces hosts from their fleet&apos;s spec. It needs a second person&apos;s approval, runs a canary first, and is done only
          when each new host reports a fingerprint that matches the spec.
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200">
        <nav aria-label="Request status" className="-mb-px flex gap-1">
          {TABS.map((t) => {
            const active = t.key === tab;
            return (
              <Link
                key={t.key}
                href={href(t.key, fleet)}
                aria-current={active ? "page" : undefined}
                data-testid={`tab-${t.key}`}
                className={`flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-slate-900 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              >
                {t.label}
                <span className={`rounded-full px-1.5 text-xs tabular-nums ${t.key === "pending" && counts.pending > 0 ? "bg-amber-100 text-amber-800" : "bg-slate-100 text-slate-600"}`}>
                  {t.key === "history" && historyCapped ? `${counts[t.key]}+` : counts[t.key]}
                </span>
              </Link>
            );
          })}
        </nav>
        <label className="mb-1.5 ml-auto flex items-center gap-2 text-sm text-slate-600">
          Fleet
          <select
            value={fleet ?? ""}
            onChange={(e) => router.push(href(tab, e.target.value || null))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            data-testid="fleet-filter"
          >
            <option value="">all</option>
            {fleets.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
      </div>
      {requests.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center text-sm text-slate-500" data-testid="empty-queue">
          {EMPTY[tab]}
        </p>
      ) : (
        <div className="space-y-4" data-testid="rebuild-list">
          {requests.map((r) => (
            <RequestCard key={r.id} request={r} drift={tab === "pending" ? (drift[r.fleet] ?? {}) : undefined} me={me} now={now} />
          ))}
        </div>
      )}
    </div>
  );
}
