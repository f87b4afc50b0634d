import "server-only";
// The demo's mutable fleet has one host whose agent could not read a source: a Debian server with the rpm tool
// installed (alien, a vendor's .rpm) and an rpm database it cannot open. Its last report carried the error, so
// the host page shows the warning beside what dpkg read. Runs after the story is seeded.
import { and, eq } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { forgetHostAuth } from "@/lib/services/host-auth-cache";

export const DEMO_COLLECTOR_ERROR_HOST = "web-14";
export const DEMO_COLLECTOR_ERROR = { collector: "rpm", message: "rpm database unreadable: /var/lib/rpm/Packages: not a berkeley db hash/btree database" };

export async function seedDemoCollectorErrors(db: Db): Promise<void> {
  const [fleet] = await db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, "web-mutable"));
  if (!fleet) return;
  await db.update(hosts).set({ collectorErrors: [DEMO_COLLECTOR_ERROR] }).where(and(eq(hosts.fleetId, fleet.id), eq(hosts.hostname, DEMO_COLLECTOR_ERROR_HOST)));
  // Ingest remembers whether a host has errors; this write went around it.
  forgetHostAuth(db);
}
