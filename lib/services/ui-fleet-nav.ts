import "server-only";
import { asc } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Strategy } from "@/lib/core/types";

/** Names and strategies only: the top nav renders on every page and must not pay for a fleet analysis. */
export async function listFleetNav(db: Db): Promise<{ name: string; strategy: Strategy }[]> {
  return db.select({ name: fleets.name, strategy: fleets.strategy }).from(fleets).orderBy(asc(fleets.name));
}
