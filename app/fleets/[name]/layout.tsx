import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { pageSegments } from "@/lib/server/page-path";
import { findFleet } from "@/lib/services/find-fleet";
import { findHost } from "@/lib/services/get-host";
import { orNotFound } from "@/components/load-or-404";
import { safeDecode } from "@/components/safe-decode";

/**
 * Sign-in, the fleet and (on host pages) the host are checked HERE, above the segment's loading.tsx: once its
 * skeleton has streamed, the status is 200 whatever the page says, so an unknown fleet or host must fail before it
 * (404, and the sign-in redirect, stay real HTTP answers). The pages check again; this costs one lookup per load.
 */
export default async function FleetLayout({ children, params }: { children: React.ReactNode; params: Promise<{ name: string }> }) {
  await requirePageRole("viewer");
  const name = safeDecode((await params).name);
  const db = await getDb();
  await orNotFound(findFleet(db, name));
  const seg = await pageSegments();
  if (seg[0] === "fleets" && seg[2] === "hosts" && seg[3]) await orNotFound(findHost(db, seg[3], name));
  return children;
}
