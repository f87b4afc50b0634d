import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { findFleet } from "@/lib/services/find-fleet";
import { orNotFound } from "@/lib/server/load-or-404";

// Sign-in, role and "does this fleet exist" are settled here, before any page below streams its loading state:
// once a skeleton is sent the status is 200, so a missing fleet must be a 404 before that.
export default async function FleetGuard({ children, params }: { children: ReactNode; params: Promise<{ name: string }> }) {
  await requirePageRole("viewer");
  await orNotFound(findFleet(await getDb(), (await params).name));
  return children;
}
