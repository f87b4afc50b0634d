// Every react-query key of the browser code, from one factory: a component that changes data invalidates by the
// same key the reading component cached it under (a typo in a hand-written array would silently not refresh).
// Keys are hierarchical, so invalidating queryKeys.rebuilds.all() refreshes every rebuild query.

export const queryKeys = {
  fleets: {
    all: () => ["fleets"] as const,
    list: () => [...queryKeys.fleets.all(), "list"] as const,
  },
  hosts: {
    all: () => ["hosts"] as const,
    search: (q: string) => [...queryKeys.hosts.all(), "search", q] as const,
    configDiff: (fleet: string, hostname: string, path: string, against: string) => [...queryKeys.hosts.all(), "config-diff", fleet, hostname, path, against] as const,
  },
  rebuilds: {
    all: () => ["rebuilds"] as const,
    pendingCount: () => [...queryKeys.rebuilds.all(), "pending-count"] as const,
    detail: (id: string) => [...queryKeys.rebuilds.all(), "detail", id] as const,
  },
};
