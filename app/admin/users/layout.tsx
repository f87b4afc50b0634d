import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/server/auth";

// Sign-in and role are settled before the page's loading state streams: a refusal must still be a 403.
export default async function UsersGuard({ children }: { children: ReactNode }) {
  await requirePageRole("admin");
  return children;
}
