import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { pageSegments } from "@/lib/server/page-path";
import { getRebuild } from "@/lib/services/get-rebuild";
import { orNotFound } from "@/components/load-or-404";

/**
 * Sign-in and (on a request's page) the request are checked above loading.tsx: after the skeleton has streamed
 * the status would be 200, so an unknown request id must be refused here to stay a 404.
 */
export default async function RebuildsLayout({ children }: { children: React.ReactNode }) {
  await requirePageRole("viewer");
  const seg = await pageSegments();
  if (seg[0] === "rebuilds" && seg[1]) await orNotFound(getRebuild(await getDb(), seg[1]));
  return children;
}
