// The named queries of the client components: each wraps one API read with its key (lib/client/query-keys.ts),
// its fetch (lib/client/api.ts) and its refresh rules, so two components reading the same thing share one cache
// entry and one definition of how fresh it must be.
import { useQuery } from "@tanstack/react-query";
import type { ConfigDiff } from "@/lib/services/diff-config";
import type { getRebuild } from "@/lib/services/get-rebuild";
import type { FleetSummary } from "@/lib/services/list-fleets";
import { isFinalRequestStatus } from "@/model/rebuild-status";
import { getJson, type Query } from "./api";
import { queryKeys } from "./query-keys";

type RebuildDetail = Awaited<ReturnType<typeof getRebuild>>;

/** The scorecard is a wall display for some teams: every minute, starting from the server-rendered numbers. */
export function useFleets(initial: FleetSummary[]) {
  return useQuery({
    queryKey: queryKeys.fleets.list(),
    queryFn: async ({ signal }) => (await getJson<{ fleets: FleetSummary[] }>("/api/v1/fleets", { signal })).fleets,
    initialData: initial,
    refetchInterval: 60_000,
  });
}

/** The nav's count of requests waiting for approval: every 30 s (and on focus), not a query per page render. */
export function usePendingRebuildCount() {
  return useQuery({
    queryKey: queryKeys.rebuilds.pendingCount(),
    queryFn: async ({ signal }) => (await getJson<{ rebuilds: unknown[] }>("/api/v1/rebuilds", { query: { status: "pending", limit: 1000 }, signal })).rebuilds.length,
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
}

export const REBUILD_POLL_MS = 1500;

/** A request, live while anything can still happen to it (every 1.5 s), starting from the server-rendered one. */
export function useRebuild(initial: RebuildDetail) {
  return useQuery({
    queryKey: queryKeys.rebuilds.detail(initial.id),
    queryFn: ({ signal }) => getJson<RebuildDetail>(`/api/v1/rebuilds/${encodeURIComponent(initial.id)}`, { signal, cache: "no-store" }),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && isFinalRequestStatus(q.state.data.status) ? false : REBUILD_POLL_MS),
    refetchIntervalInBackground: false,
  });
}

export interface HostOption {
  hostname: string;
  fleet: string;
}

/** How many matches the server sends back: a combobox is for picking, the hosts page is for browsing. */
export const HOST_SEARCH_LIMIT = 20;

/** Hosts of any fleet whose name contains `q`, that have reported (a host with no fingerprint has nothing to compare). */
export function useHostSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.hosts.search(q),
    queryFn: async ({ signal }): Promise<HostOption[]> => {
      const body = await getJson<{ hosts: { hostname: string; fleet: string; fingerprint: string | null }[] }>("/api/v1/hosts", { query: { limit: HOST_SEARCH_LIMIT, q }, signal });
      return body.hosts.filter((h) => h.fingerprint !== null).map((h) => ({ hostname: h.hostname, fleet: h.fleet }));
    },
    enabled,
    staleTime: 30_000,
  });
}

/** The line diff of one config file against the spec or another host; loaded only when `enabled`. */
export function useConfigDiff(t: { fleet: string; hostname: string; path: string; against: string }, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.hosts.configDiff(t.fleet, t.hostname, t.path, t.against),
    queryFn: ({ signal }) => getJson<ConfigDiff>(`/api/v1/hosts/${encodeURIComponent(t.hostname)}/configs/diff`, { query: { fleet: t.fleet, path: t.path, against: t.against }, signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** The first `limit` hostnames (A→Z) matching a hosts-API filter, and how many match in all (a one-off read, no cache). */
export async function fetchHostnames(filter: Query, limit: number, signal?: AbortSignal): Promise<{ hostnames: string[]; total: number }> {
  const body = await getJson<{ total: number; hosts: { hostname: string }[] }>("/api/v1/hosts", { query: { ...filter, sort: "hostname", limit }, signal });
  return { hostnames: body.hosts.map((h) => h.hostname), total: body.total };
}
