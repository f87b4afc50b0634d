import "server-only";
import type { Db } from "@/db/client";
import { getHost } from "./get-host";
import { listDriftSince } from "./list-drift-since";

/** The drift API's answer: the host's items against the current spec, each with its two dates. */
export async function getHostDrift(db: Db, hostname: string, fleetName?: string) {
  const d = await getHost(db, hostname, fleetName);
  const items = d.drift ?? [];
  const dates = await listDriftSince(
    db,
    { id: d.host.id, fleetId: d.fleet.id, fingerprint: d.host.fingerprint, lastChanged: d.host.lastChanged ? new Date(d.host.lastChanged) : null, configsCollected: d.host.configsCollected },
    items,
  );
  return {
    hostname: d.host.hostname,
    fleet: d.fleet.name,
    specVersion: d.fleet.specVersion,
    fingerprint: d.host.fingerprint,
    hasSpec: d.drift !== null,
    items: items.map((it, i) => ({ ...it, ...dates[i] })),
  };
}
