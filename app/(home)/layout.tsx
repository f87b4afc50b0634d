import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/server/auth";

// Sign-in and role are settled before the page's loading state streams: a refusal must still be a redirect.
export default async function OverviewGuard({ children }: { children: ReactNode }) {
  await requirePageRole("viewer");
  return children;
}
