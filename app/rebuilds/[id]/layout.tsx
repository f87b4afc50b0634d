import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { assertRebuildExists } from "@/lib/services/rebuild-exists";
import { orNotFound } from "@/lib/server/load-or-404";
import { safeDecode } from "@/components/safe-decode";

// Settled before the page's loading state streams (after that the status is 200 whatever happens).
export default async function RebuildGuard({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  await requirePageRole("viewer");
  await orNotFound(assertRebuildExists(await getDb(), safeDecode((await params).id)));
  return children;
}
